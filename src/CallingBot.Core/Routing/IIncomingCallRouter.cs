using CallingBot.Core.Calls;

namespace CallingBot.Core.Routing;

/// <summary>
/// Decides what happens to each incoming call. Must answer well within the service's deadline
/// (15 s; 5 s for policy-based recording); the token is cancelled when the bot's own budget runs out.
/// </summary>
public interface IIncomingCallRouter
{
    ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken);

    /// <summary>
    /// Picks the handler that continues an established call the bot takes over (after a restart, or from an instance
    /// that left the cluster); the handler then gets <see cref="Handlers.CallHandler.OnAdoptedAsync"/> instead of
    /// <see cref="Handlers.CallHandler.OnEstablishedAsync"/>. Return null to hang the call up instead. The default
    /// returns null: a router continues adopted calls only when it says how.
    /// </summary>
    ValueTask<Handlers.CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken) => ValueTask.FromResult<Handlers.CallHandler?>(null);
}
