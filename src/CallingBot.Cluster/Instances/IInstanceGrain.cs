namespace CallingBot.Cluster.Instances;

/// <summary>
/// One instance, keyed by its silo address and activated on that silo only: the cluster-wide views ask each instance
/// through it, and a stopping instance hands calls to it.
/// </summary>
internal interface IInstanceGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<ClusterCallSummary>> ListCallsAsync();

    /// <summary>Takes over the calls another instance handed over (each through its call grain, activated here); returns how many are held by a live instance afterwards.</summary>
    Task<int> TakeOverAsync(IReadOnlyList<string> callIds);
}
