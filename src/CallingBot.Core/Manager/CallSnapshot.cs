using CallingBot.Core.Calls;

namespace CallingBot.Core.Manager;

/// <summary>A point-in-time view of a call held by the manager.</summary>
public sealed record CallSnapshot(
    string CallId,
    CallDirection Direction,
    CallState State,
    string? TenantId,
    MediaHosting Media,
    DateTimeOffset CreatedAt,
    string HandlerName,
    IReadOnlyList<ParticipantInfo> Participants,
    IReadOnlyList<CallEventRecord> RecentEvents);
