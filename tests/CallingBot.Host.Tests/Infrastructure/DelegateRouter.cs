using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>A router built from a function; records every call it saw.</summary>
public sealed class DelegateRouter(Func<IncomingCallInfo, CallDecision> decide) : IIncomingCallRouter
{
    public List<IncomingCallInfo> Seen { get; } = [];

    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
    {
        lock (Seen)
        {
            Seen.Add(call);
        }

        return ValueTask.FromResult(decide(call));
    }
}
