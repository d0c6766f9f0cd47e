namespace CallingBot.Dashboard.Timeline;

/// <summary>What adding an observation changed: the call's summary, the new entry, and calls evicted to make room.</summary>
internal sealed record TimelineChange(CallSummary Call, TimelineEntry Entry, IReadOnlyList<string> Evicted);
