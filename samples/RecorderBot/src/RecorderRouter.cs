using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace RecorderBot;

/// <summary>Answers every call with app-hosted media and a <see cref="RecorderHandler"/>.</summary>
public sealed class RecorderRouter(RecorderOptions options) : IIncomingCallRouter
{
    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CallDecision.Answer(new RecorderHandler(options), MediaHosting.AppHosted));
}
