using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Media;
using CallingBot.Core.Routing;

namespace CallingBot.Media.Load;

internal sealed class LoadRouter : IIncomingCallRouter
{
    public ConcurrentDictionary<string, ICallMedia> Connected { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CallDecision.Answer(new LoadHandler(Connected), MediaHosting.AppHosted));
}
