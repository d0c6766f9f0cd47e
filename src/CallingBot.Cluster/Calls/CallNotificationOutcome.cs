namespace CallingBot.Cluster.Calls;

/// <summary>The owning instance's result for a <see cref="CallNotification"/>; the receiving instance answers the sender with it.</summary>
/// <param name="Kind">What became of the batch.</param>
/// <param name="ResponseJson">For <see cref="CallNotificationOutcomeKind.Answered"/>: the body the sender expects back.</param>
/// <param name="Reason">For a batch not processed: a short stable reason code, never request content.</param>
/// <param name="Owner">The instance that handled the batch.</param>
[GenerateSerializer]
[Immutable]
public sealed record CallNotificationOutcome(
    [property: Id(0)] CallNotificationOutcomeKind Kind,
    [property: Id(1)] string? ResponseJson = null,
    [property: Id(2)] string? Reason = null,
    [property: Id(3)] string? Owner = null)
{
    /// <summary>The reason given when no instance owns the call yet (a notification racing its call's creation elsewhere).</summary>
    public const string NoOwnerReason = "call-owner-unknown";

    /// <summary>The reason given when the call's owner left the cluster and no other instance has taken the call over.</summary>
    public const string OwnerLostReason = "call-owner-lost";

    /// <summary>The reason given while the call is being handed over (or taken over) and this instance cannot take it: the sender retries.</summary>
    public const string HandOverReason = "call-being-handed-over";

    /// <summary>The reason given when the owner left and taking the call over failed for now (the calling service could not be asked).</summary>
    public const string TakeOverFailedReason = "call-take-over-failed";
}
