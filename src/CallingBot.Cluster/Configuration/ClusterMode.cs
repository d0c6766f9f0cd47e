namespace CallingBot.Cluster.Configuration;

/// <summary>How the instance's silo finds the others.</summary>
public enum ClusterMode
{
    /// <summary>One silo in this process with localhost clustering and in-memory grain state: a single instance, nothing to install.</summary>
    Embedded,

    /// <summary>Membership, the grain directory and grain state in Redis: several instances form one service.</summary>
    Redis,
}
