namespace CallingBot.Cluster.Instances;

/// <summary>A live call as its owning instance describes it in the cluster-wide list.</summary>
[GenerateSerializer]
[Immutable]
public sealed record ClusterCallSummary(
    [property: Id(0)] string Id,
    [property: Id(1)] string Direction,
    [property: Id(2)] string State,
    [property: Id(3)] string? TenantId,
    [property: Id(4)] string Media,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] string Handler,
    [property: Id(7)] int ParticipantCount);
