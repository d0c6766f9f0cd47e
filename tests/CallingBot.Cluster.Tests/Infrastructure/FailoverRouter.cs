using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>
/// What every instance's handlers saw, shared by the instances of one test: per call, the events in order with the
/// instance that saw each, the adoption info, the state each handler saw on adoption.
/// </summary>
public sealed class FailoverLog
{
    public ConcurrentDictionary<string, CallTrace> Traces { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, AdoptedCallInfo> Adopted { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, string> AdoptedBy { get; } = new(StringComparer.OrdinalIgnoreCase);

    public ConcurrentDictionary<string, string> SavedBy { get; } = new(StringComparer.OrdinalIgnoreCase);

    public bool Saw(string callId, string instance, string @event) =>
        Traces.TryGetValue(callId, out var trace) && trace.Events.Any(e => e.Instance == instance && e.Event == @event);

    public bool Saw(string callId, string @event) => Traces.TryGetValue(callId, out var trace) && trace.Events.Any(e => e.Event == @event);

    public CallTrace Trace(string callId) => Traces.GetOrAdd(callId, _ => new CallTrace());
}

/// <summary>
/// Answers calls (service-hosted; app-hosted when the caller's display name is "Media") with a handler that saves which
/// instance answered, and takes calls over: the adopted handler plays a prompt, then collects one key.
/// </summary>
public sealed class FailoverRouter(string instance, FailoverLog log) : IIncomingCallRouter
{
    public const string AppHostedCaller = "Media";

    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(call.Caller.DisplayName == AppHostedCaller
            ? CallDecision.Answer(new FailoverHandler(instance, log), MediaHosting.AppHosted)
            : CallDecision.Answer(new FailoverHandler(instance, log)));

    public ValueTask<CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken)
    {
        log.Adopted[call.CallId] = call;
        log.AdoptedBy[call.CallId] = instance;
        return ValueTask.FromResult<CallHandler?>(new FailoverHandler(instance, log));
    }

    private sealed class FailoverHandler(string instance, FailoverLog log) : CallHandler
    {
        public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            await call.SaveStateAsync(new Dictionary<string, string> { ["step"] = "menu", ["answeredBy"] = instance }, cancellationToken);
            log.SavedBy[call.CallId] = instance;
            log.Trace(call.CallId).Add(instance, "established");
        }

        public override async Task OnAdoptedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            log.Trace(call.CallId).Add(instance, "adopted:" + call.SavedState.GetValueOrDefault("answeredBy", "?"));
            await call.PlayPromptAsync(Prompt.FromUrl("https://prompts.example.com/welcome-back.wav"), cancellationToken);
            log.Trace(call.CallId).Add(instance, "prompt-played");
            var digits = await call.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 1, FirstDigitTimeout = TimeSpan.FromMinutes(2) }, cancellationToken);
            log.Trace(call.CallId).Add(instance, "digits:" + digits.Digits);
        }

        public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
        {
            log.Trace(call.CallId).Add(instance, "joined:" + (participant.Identity.DisplayName ?? participant.Id));
            return Task.CompletedTask;
        }

        public override Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken)
        {
            log.Trace(call.CallId).Add(instance, termination == CallTermination.HandedOver ? "handed-over" : $"terminated:{termination.Code}");
            return Task.CompletedTask;
        }
    }
}
