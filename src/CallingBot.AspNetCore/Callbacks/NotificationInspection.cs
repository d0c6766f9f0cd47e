namespace CallingBot.AspNetCore.Callbacks;

/// <summary>What <see cref="NotificationShape"/> found in a notification batch.</summary>
/// <param name="Error">Why the batch is malformed (safe to return to the caller), or null when it is well formed.</param>
/// <param name="Body">The batch to hand to the SDK: the original text, or a copy without the ignored notifications.</param>
/// <param name="Accepted">Notifications left for the SDK.</param>
/// <param name="Ignored">Short descriptions of notifications about resources the bot does not handle or calls that ended.</param>
/// <param name="DeletedCallIds">Calls whose own resource is deleted by an accepted notification of the batch.</param>
/// <param name="IsVersioned">
/// Every accepted notification names one event or one version of its resource, so the same body seen again is the
/// same event again (a replay or a duplicate delivery): a created or deleted resource, a resource with an
/// <c>@odata.etag</c>, an operation, a joining or left participant, a delta roster page with its sequence number. A full
/// roster or an untagged state is a snapshot that can legitimately recur byte for byte (a participant joins and
/// leaves), so a batch holding one is not versioned.
/// </param>
internal sealed record NotificationInspection(string? Error, string? Body, int Accepted, IReadOnlyList<string> Ignored, IReadOnlyList<string> DeletedCallIds, bool IsVersioned = false)
{
    public bool IsValid => Error is null;

    /// <summary>The calls the accepted notifications are about, each once, in order of first mention.</summary>
    public IReadOnlyList<string> CallIds { get; init; } = [];

    /// <summary>
    /// The calls the registry did not know when the batch was inspected and that the batch neither creates nor
    /// deletes, each once: calls the bot may have held before (a restart), for the call manager to reconcile.
    /// </summary>
    public IReadOnlyList<string> UnknownCallIds { get; init; } = [];

    /// <summary>
    /// The calls that arrive new with this batch: <c>created</c> on <c>/communications/calls/{id}</c> itself with a
    /// <c>#microsoft.graph.call</c> resource (a new incoming call, or a meeting or compliance recording invitation).
    /// </summary>
    public IReadOnlyList<string> IncomingCallIds { get; init; } = [];

    public static NotificationInspection Malformed(string error) => new(error, null, 0, [], []);
}
