namespace CallingBot.Cluster.Instances;

/// <summary>
/// One instance, keyed by its silo address and activated on that silo only: the cluster-wide views ask each instance
/// through it.
/// </summary>
internal interface IInstanceGrain : IGrainWithStringKey
{
    Task<IReadOnlyList<ClusterCallSummary>> ListCallsAsync();
}
