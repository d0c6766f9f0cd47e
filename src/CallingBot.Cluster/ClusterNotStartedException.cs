namespace CallingBot.Cluster;

/// <summary>The cluster was asked for something before this instance's silo started (or after it stopped).</summary>
public sealed class ClusterNotStartedException : InvalidOperationException
{
    public ClusterNotStartedException()
        : base("This instance's silo has not started.")
    {
    }

    public ClusterNotStartedException(string message)
        : base(message)
    {
    }

    public ClusterNotStartedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
