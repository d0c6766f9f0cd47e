namespace CallingBot.Cluster.Instances;

/// <summary>An instance asked for its part of a cluster-wide view is no longer a member.</summary>
[GenerateSerializer]
public sealed class InstanceUnavailableException : Exception
{
    public InstanceUnavailableException()
    {
    }

    public InstanceUnavailableException(string instance)
        : base($"Instance {instance} is not a member of the cluster any more.")
    {
    }

    public InstanceUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
