using Orleans.Concurrency;

namespace CallingBot.Cluster.Calls;

/// <summary>
/// One call, keyed by its call id, living on the instance that holds the call's SDK object and handler. Its turns
/// run one at a time, so a call's notifications are handled in the order they were handed over.
/// </summary>
internal interface ICallGrain : IGrainWithStringKey
{
    /// <summary>Hands a notification batch to the owner's calling platform.</summary>
    Task<CallNotificationOutcome> DeliverAsync(CallNotification notification);

    /// <summary>
    /// Records the calling instance (<paramref name="silo"/>) as the owner of the call it just took live. False when
    /// this activation lives on another instance (it then deactivates: retry, and the next activation is placed on the
    /// caller) or another instance owns the call.
    /// </summary>
    Task<bool> ClaimAsync(string silo, string? tenantId);

    /// <summary>The call left its owner: forget it.</summary>
    Task EndAsync();

    /// <summary>
    /// Takes the call over on this activation's instance when its owner left the cluster or handed it over (or when no
    /// instance owns it: called for a call whose record names an instance that left).
    /// </summary>
    Task<TakeOverOutcome> TakeOverAsync();

    /// <summary>
    /// On the owner, while it stops: lets the call go without ending it (its record is stored for the next owner) and
    /// marks it handed over. False when this instance does not hold an established service-hosted call by that id.
    /// </summary>
    Task<bool> HandOverAsync();

    /// <summary>
    /// Runs an API request about the call on the owner; null when no instance holds the call. Interleaves with
    /// notification turns: an operation awaiting a completion notification must not block that notification.
    /// </summary>
    [AlwaysInterleave]
    Task<ForwardedResponse?> SendAsync(ForwardedRequest request);
}
