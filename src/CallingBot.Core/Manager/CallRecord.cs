using CallingBot.Core.Calls;
using CallingBot.Media.Diagnostics;

namespace CallingBot.Core.Manager;

/// <summary>What is kept about a call after it ended.</summary>
/// <remarks>
/// <see cref="StartedAt"/> is when the bot learned about the call (an incoming notification) or placed it;
/// <see cref="EstablishedAt"/> when the call was answered (established: the bot answered an incoming call, or the other
/// side answered a call the bot placed); <see cref="EndedAt"/> when the bot let go of it.
/// </remarks>
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

    /// <summary>The calling service's id that ties the legs of one call together (Graph's callChainId, ACS's server call id), when it gave one.</summary>
    public string? CorrelationId { get; init; }

    /// <summary>Who called: the caller of an incoming call, or the source a call was placed from (null when the bot itself).</summary>
    public ParticipantIdentity? Caller { get; init; }

    /// <summary>Who was called: the callee of an incoming call, or the targets of a call the bot placed (empty for a meeting).</summary>
    public IReadOnlyList<ParticipantIdentity> Callees { get; init; } = [];

    /// <summary>The type name of the handler that ran the call, or null when none did (rejected, redirected, ignored).</summary>
    public string? HandlerName { get; init; }

    /// <summary>Who processed the call's media.</summary>
    public MediaHosting Media { get; init; }

    /// <summary>The last recording status the bot reported to the service, or null when it reported none.</summary>
    public RecordingStatus? RecordingStatus { get; init; }

    /// <summary>The media pipeline's counters when the call ended, or null when the call had no app-hosted media connection.</summary>
    public MediaStatisticsSnapshot? MediaQuality { get; init; }
}
