using CallingBot.Bench;

return await BenchRunner.RunAsync(args);
