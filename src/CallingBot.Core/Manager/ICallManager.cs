using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Meetings;

namespace CallingBot.Core.Manager;

/// <summary>
/// Holds every call of this bot instance and runs their handlers. Registered by
/// <see cref="CallingBotCoreServiceCollectionExtensions.AddCallingBotCore"/>; the host starts it once the platform can
/// deliver notifications and drains it on shutdown.
/// </summary>
public interface ICallManager
{
    int ActiveCallCount { get; }

    /// <summary>
    /// Attaches to the calling platform so incoming calls and events flow in, and starts the housekeeping that drops
    /// incoming calls never established in time. Call it once the platform can deliver notifications. Idempotent.
    /// </summary>
    void Start();

    IReadOnlyList<CallSnapshot> ListCalls();

    CallSnapshot? GetCall(string callId);

    /// <summary>The live call for operations (play a prompt, transfer…), or null when the manager does not hold it.</summary>
    ICallContext? FindCall(string callId);

    /// <summary>
    /// Completes when the call has left the manager: its handler got <see cref="CallHandler.OnTerminatedAsync"/> and
    /// was disposed, and the call is in the history. Completed at once for a call the manager does not hold.
    /// </summary>
    Task WhenRemovedAsync(string callId);

    /// <summary>
    /// Places a call served by <paramref name="handler"/>, which must be a handler instance no other live call uses
    /// (<see cref="InvalidOperationException"/> otherwise).
    /// </summary>
    Task<CallSnapshot> CreateCallAsync(OutboundCallRequest request, CallHandler handler, CancellationToken cancellationToken);

    /// <summary>Joins a meeting; <paramref name="handler"/> follows the same one-call rule as in <see cref="CreateCallAsync"/>.</summary>
    Task<CallSnapshot> JoinMeetingAsync(MeetingJoinRequest request, CallHandler handler, CancellationToken cancellationToken);

    /// <summary>
    /// Reconciles the calls recorded (<see cref="Recovery.ILiveCallStore"/>) before this process started: each call the
    /// calling service still has established is taken over (the router's <see cref="Routing.IIncomingCallRouter.AdoptAsync"/>)
    /// or hung up, as configured (<see cref="Recovery.CallRecoveryOptions"/>); the records of the others are dropped.
    /// Call it once the platform can reach the service and deliver notifications.
    /// </summary>
    Task RecoverAsync(CancellationToken cancellationToken);

    /// <summary>
    /// An authenticated notification named <paramref name="callId"/>, which this process neither holds nor ended: the
    /// call is reconciled in the background like a recorded one (unless configured off). Returns at once.
    /// </summary>
    void ReconcileUnknownCall(string callId, string tenantId);

    /// <summary>
    /// Hangs up a call of the bot's application, held by this process or not (a call left behind by a crashed
    /// instance). False when neither this process nor the calling service has the call up.
    /// </summary>
    /// <exception cref="Platform.PlatformException">The service could not be asked or refused the hang-up.</exception>
    Task<bool> EndCallAsync(string callId, string? tenantId, CancellationToken cancellationToken);

    /// <summary>
    /// Takes over a call another process of the service held (it died, or handed the call over while stopping) through
    /// the same path as a restart: the calling service is asked for the call; an established service-hosted call gets a
    /// handler from the router's <see cref="Routing.IIncomingCallRouter.AdoptAsync"/> with the state kept in its
    /// record (<see cref="Recovery.ILiveCallStore"/>); anything else is hung up and recorded. Completes once the call
    /// is settled (the new handler's <c>OnAdoptedAsync</c> runs on the call's own loop).
    /// </summary>
    Task<Recovery.TakeOverResult> TakeOverAsync(string callId, string? tenantId, AdoptionReason reason, CancellationToken cancellationToken);

    /// <summary>
    /// Lets an established service-hosted call go without ending it, for another instance of the service to take it
    /// over (<see cref="AdoptionReason.HandedOver"/>): its record, with the handler's saved state, is stored and kept;
    /// the handler gets <see cref="CallHandler.OnTerminatedAsync"/> with <see cref="CallTermination.HandedOver"/>; the
    /// call leaves this process without any request to the service (no hang-up). False when the manager does not hold
    /// such a call. Completes when the call has left the manager.
    /// </summary>
    Task<bool> HandOverAsync(string callId, CancellationToken cancellationToken);

    /// <summary>
    /// Like <see cref="DrainAsync(TimeSpan, TimeSpan, CancellationToken)"/>, but first, once no new call is taken,
    /// gives <paramref name="handOver"/> the ids of the established service-hosted calls held, for another instance of
    /// the service to take over (it calls <see cref="HandOverAsync"/> for each call it hands over). The calls still held
    /// afterwards (app-hosted ones, and any not handed over) are drained as usual.
    /// </summary>
    Task DrainAsync(TimeSpan timeout, TimeSpan hangUpTimeout, Func<IReadOnlyList<string>, CancellationToken, Task> handOver, CancellationToken cancellationToken);

    /// <summary>
    /// <see cref="DrainAsync(TimeSpan, TimeSpan, CancellationToken)"/> with <see cref="CallManagerOptions.HousekeepingTimeout"/>
    /// as the time the hang-ups may take to be confirmed.
    /// </summary>
    Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken);

    /// <summary>
    /// Stops taking new calls (incoming ones are rejected as busy), waits up to <paramref name="timeout"/> for calls to
    /// end, then hangs up each remaining call once and waits up to <paramref name="hangUpTimeout"/> for the service to
    /// confirm (its notification that the call ended). Calls still held then are dropped without any further request
    /// (their handlers get <see cref="Calls.CallTermination.BotShutdown"/> and about 2 s to finish). When
    /// <paramref name="cancellationToken"/> is cancelled the drain drops every call still held at once and returns.
    /// Nothing is sent to the service after the returned task completes.
    /// </summary>
    Task DrainAsync(TimeSpan timeout, TimeSpan hangUpTimeout, CancellationToken cancellationToken);
}
