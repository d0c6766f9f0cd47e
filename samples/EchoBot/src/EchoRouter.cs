using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace EchoBot;

/// <summary>Answers every call with app-hosted media and an <see cref="EchoHandler"/>.</summary>
public sealed class EchoRouter(DetectedKeys keys) : IIncomingCallRouter
{
    public DetectedKeys Keys { get; } = keys;

    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CallDecision.Answer(new EchoHandler(Keys), MediaHosting.AppHosted));
}
