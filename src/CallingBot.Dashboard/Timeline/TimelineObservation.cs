namespace CallingBot.Dashboard.Timeline;

/// <summary>What one span says about one call: the arrow to draw and what it changes in the call's summary.</summary>
internal sealed record TimelineObservation(
    DateTimeOffset At,
    double DurationMs,
    string From,
    string To,
    string Kind,
    string Label,
    bool Failed = false,
    string? Error = null)
{
    /// <summary>The call state the span reports, if any.</summary>
    public string? State { get; init; }

    /// <summary>The routing decision the span reports, if any.</summary>
    public string? Decision { get; init; }

    /// <summary>True when the span says the call ended.</summary>
    public bool Ends { get; init; }
}
