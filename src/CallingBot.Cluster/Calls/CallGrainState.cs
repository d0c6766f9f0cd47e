namespace CallingBot.Cluster.Calls;

/// <summary>What the cluster keeps about a live call: which instance owns it, for which tenant, since when.</summary>
[GenerateSerializer]
public sealed class CallGrainState
{
    /// <summary>Silo address (parsable form) of the owning instance, or null while no instance owns the call.</summary>
    [Id(0)]
    public string? OwnerSilo { get; set; }

    /// <summary>Name of the owning instance (<see cref="ClusterInstance.Name"/>).</summary>
    [Id(1)]
    public string? Owner { get; set; }

    [Id(2)]
    public string? TenantId { get; set; }

    [Id(3)]
    public DateTimeOffset? OwnedSince { get; set; }

    /// <summary>
    /// The owner let the call go while stopping (a drain in a cluster) without ending it; <see cref="OwnerSilo"/> is null
    /// until another instance takes it over.
    /// </summary>
    [Id(4)]
    public bool HandedOver { get; set; }

    /// <summary>Name of the instance that handed the call over, or that owned it last.</summary>
    [Id(5)]
    public string? PreviousOwner { get; set; }
}
