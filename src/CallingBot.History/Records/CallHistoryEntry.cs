namespace CallingBot.History.Records;

/// <summary>
/// One ended call as the history stores it: parties already masked, times in UTC to the microsecond, enumerations as
/// camelCase strings (as the REST API shows them).
/// </summary>
public sealed record CallHistoryEntry
{
    public required string CallId { get; init; }

    /// <summary>The service's id of the call chain (Graph callChainId, ACS server call id).</summary>
    public string? CorrelationId { get; init; }

    public string? TenantId { get; init; }

    /// <summary><c>incoming</c> or <c>outgoing</c>.</summary>
    public required string Direction { get; init; }

    /// <summary><c>answered</c>, <c>rejected</c>, <c>redirected</c>, <c>ignored</c>, <c>placed</c>, <c>undecided</c> or <c>decision-failed</c>.</summary>
    public required string Outcome { get; init; }

    public CallHistoryParty? Caller { get; init; }

    public IReadOnlyList<CallHistoryParty> Callees { get; init; } = [];

    /// <summary>When the bot learned about the call, or placed it.</summary>
    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>When the call was established (answered), if it was.</summary>
    public DateTimeOffset? AnsweredAt { get; init; }

    public required DateTimeOffset EndedAt { get; init; }

    /// <summary>The result code of the end (Graph resultInfo code, or the bot's own: 408, 410, 500, 503).</summary>
    public int? TerminationCode { get; init; }

    public int? TerminationSubcode { get; init; }

    public string? TerminationMessage { get; init; }

    /// <summary>The type name of the handler that ran the call.</summary>
    public string? Handler { get; init; }

    /// <summary><c>serviceHosted</c> or <c>appHosted</c>.</summary>
    public required string Media { get; init; }

    /// <summary><c>notRecording</c>, <c>recording</c> or <c>failed</c>: the last status the bot reported; null when none.</summary>
    public string? RecordingStatus { get; init; }

    public CallHistoryMediaQuality? MediaQuality { get; init; }

    public IReadOnlyList<CallHistoryEvent> Events { get; init; } = [];
}
