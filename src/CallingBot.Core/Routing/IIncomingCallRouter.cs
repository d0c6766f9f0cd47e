using CallingBot.Core.Calls;

namespace CallingBot.Core.Routing;

/// <summary>
/// Decides what happens to each incoming call. Must answer well within the service's deadline
/// (15 s; 5 s for policy-based recording); the token is cancelled when the bot's own budget runs out.
/// </summary>
public interface IIncomingCallRouter
{
    ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken);
}
