namespace CallingBot.Cluster.Calls;

/// <summary>Name of the grain storage holding call grains' state: in memory when embedded, Redis when clustered.</summary>
internal static class ClusterStorage
{
    public const string Name = "callingbot-calls";
}
