namespace CallingBot.Dashboard.Timeline;

/// <summary>
/// One arrow of a call's sequence diagram: what went from lane <see cref="From"/> to lane <see cref="To"/>
/// (the same lane for work inside it), when, for how long, and whether it failed. Ids and kinds only, never bodies.
/// </summary>
/// <param name="Sequence">Increases with every entry the store takes (and with every call it marks ended), across calls.</param>
/// <param name="Kind"><c>notification</c>, <c>decision</c>, <c>event</c>, <c>verb</c>, <c>request</c> or <c>media</c>.</param>
/// <param name="Error">The span's <c>error.type</c> when it failed.</param>
public sealed record TimelineEntry(
    long Sequence,
    DateTimeOffset At,
    double DurationMs,
    string From,
    string To,
    string Kind,
    string Label,
    bool Failed,
    string? Error);
