namespace CallingBot.Cluster.Instances;

/// <summary>The calls this instance holds, for the cluster-wide list; implemented by the host.</summary>
public interface ILocalCallDirectory
{
    IReadOnlyList<ClusterCallSummary> ListCalls();
}
