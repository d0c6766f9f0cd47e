namespace CallingBot.Dashboard.Timeline;

/// <summary>What the dashboard shows of one call in its list.</summary>
/// <param name="State">The last state the call reported (for example <c>Established</c>), or null before the first.</param>
/// <param name="Decision">The routing decision on an incoming call (<c>answer</c>, <c>reject</c>, ...), when there was one.</param>
/// <param name="EndedAt">When the call was seen to end; null while it is live.</param>
/// <param name="Events">Timeline entries kept.</param>
/// <param name="DroppedEvents">Older timeline entries dropped to stay within the per-call limit.</param>
/// <param name="Revision">
/// Rises with every change the dashboard records (across all calls): spans stop on many threads, so two summaries of
/// one call can reach a page in the opposite order; the page keeps the one with the higher revision.
/// </param>
public sealed record CallSummary(
    string CallId,
    string? Direction,
    string? Handler,
    string? Media,
    string? State,
    string? Decision,
    DateTimeOffset FirstSeen,
    DateTimeOffset LastActivity,
    DateTimeOffset? EndedAt,
    int Events,
    long DroppedEvents,
    long Revision);
