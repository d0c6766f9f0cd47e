namespace CallingBot.Core.Registry;

/// <summary>
/// The one place that answers whether a call id is known, live or ended, and which tenant a live call belongs to.
/// The call manager writes it (a call becomes live when it arrives or is placed, ended when it leaves); the callback
/// endpoint, the signaling adapter and the media endpoint read it. The contract is about call ids, tenants and
/// states, never about in-process objects, so a distributed implementation (a grain per call id) can stand behind
/// it. Reads are synchronous: they sit on the notification path.
/// </summary>
/// <remarks>Call ids and tenant ids compare case-insensitively (ordinal).</remarks>
public interface ICallRegistry
{
    /// <summary>Number of live calls.</summary>
    int LiveCount { get; }

    CallStatus GetStatus(string callId);

    /// <summary>The tenant of a live call, or null when the call is not live or has no tenant.</summary>
    string? GetTenant(string callId);

    /// <summary>
    /// True when <paramref name="tenantId"/> has a live call, or a call is being placed in it (or in a tenant not named
    /// yet, see <see cref="BeginPlacing"/>).
    /// </summary>
    bool HasLiveCalls(string tenantId);

    /// <summary>
    /// True when this registry sees every call of the bot (a single instance): a call it does not know is nobody's.
    /// False while other instances share the calls (a cluster with other members), where an unknown call may be
    /// another instance's.
    /// </summary>
    bool KnowsAllCalls { get; }

    /// <summary>
    /// True while this process places a call whose id the service has not returned yet (<see cref="BeginPlacing"/>):
    /// a notification for a call id nobody holds may then be that call's, racing its <c>201 Created</c>.
    /// </summary>
    bool IsPlacing { get; }

    /// <summary>Records <paramref name="callId"/> as live. False when it is live already or has ended (a duplicate or a replay).</summary>
    bool TryAddLive(string callId, string? tenantId);

    /// <summary>Records <paramref name="callId"/> as ended, live or not; remembered for a bounded number of calls. Idempotent.</summary>
    void MarkEnded(string callId);

    /// <summary>
    /// Announces a call about to be placed in <paramref name="tenantId"/> (null: the platform's default tenant, not
    /// known here) before the service has assigned its id. Until the returned scope is disposed,
    /// <see cref="HasLiveCalls"/> answers true for that tenant (for every tenant when null), so notifications that
    /// race the service's <c>201 Created</c> are not taken for strangers. Dispose it once the call is live or failed.
    /// </summary>
    IDisposable BeginPlacing(string? tenantId);
}
