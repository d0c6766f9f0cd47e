using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>A router whose decision a test scripts; it records each call it was asked about and the token it got.</summary>
public sealed class DelegateRouter : IIncomingCallRouter
{
    private readonly ConcurrentQueue<(IncomingCallInfo Info, CancellationToken Token)> _requests = new();

    public Func<IncomingCallInfo, CancellationToken, ValueTask<CallDecision>> Decide { get; set; } =
        (_, _) => throw new InvalidOperationException("The test did not script a decision.");

    public IReadOnlyList<(IncomingCallInfo Info, CancellationToken Token)> Requests => _requests.ToArray();

    /// <summary>The handler for a call taken over; null (the default) hangs it up.</summary>
    public Func<AdoptedCallInfo, CallingBot.Core.Handlers.CallHandler?> Adopt { get; set; } = _ => null;

    public ConcurrentQueue<AdoptedCallInfo> Adopted { get; } = new();

    public ValueTask<CallingBot.Core.Handlers.CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken)
    {
        Adopted.Enqueue(call);
        return ValueTask.FromResult(Adopt(call));
    }

    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
    {
        _requests.Enqueue((call, cancellationToken));
        return Decide(call, cancellationToken);
    }

    /// <summary>Never decides (ignores its token), like a router stuck on a slow dependency.</summary>
    public void Hang() => Decide = (_, _) => new ValueTask<CallDecision>(new TaskCompletionSource<CallDecision>().Task);

    public void Answer(Func<CallingBot.Core.Handlers.CallHandler> handler, int participantCapacity = 0) =>
        Decide = (_, _) => ValueTask.FromResult(CallDecision.Answer(handler(), participantCapacity: participantCapacity));
}
