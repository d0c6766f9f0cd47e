using CallingBot.Core.Calls;

namespace CallingBot.Core.Manager;

/// <summary>What is kept about a call after it ended.</summary>
public sealed record CallRecord(
    string CallId,
    CallDirection Direction,
    string? TenantId,
    string Outcome,
    DateTimeOffset StartedAt,
    DateTimeOffset? EstablishedAt,
    DateTimeOffset EndedAt,
    CallTermination? Termination,
    IReadOnlyList<CallEventRecord> Events)
{
    public TimeSpan? ConnectedDuration => EstablishedAt is { } at ? EndedAt - at : null;
}
