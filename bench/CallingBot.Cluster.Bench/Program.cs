using CallingBot.Cluster.Bench;

return await ClusterBench.RunAsync(args);
