using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>Answers every incoming call with a handler that records, per call, the events it saw in order and the instance it ran on.</summary>
public sealed class AnsweringRouter(string instance, ConcurrentDictionary<string, CallTrace> traces) : IIncomingCallRouter
{
    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CallDecision.Answer(new TracingHandler(instance, traces)));

    private sealed class TracingHandler(string instance, ConcurrentDictionary<string, CallTrace> traces) : CallHandler
    {
        public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            Trace(call).Add(instance, "established");
            return Task.CompletedTask;
        }

        public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
        {
            Trace(call).Add(instance, "joined");
            return Task.CompletedTask;
        }

        public override Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken)
        {
            Trace(call).Add(instance, "terminated");
            return Task.CompletedTask;
        }

        private CallTrace Trace(ICallContext call) => traces.GetOrAdd(call.CallId, _ => new CallTrace());
    }
}
