using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>A started <see cref="CallManager"/> wired to fakes, a fake clock, a list logger and a metrics recorder.</summary>
internal sealed class CallManagerHarness : IAsyncDisposable
{
    public const string Caller = "+14255550123";

    public CallManagerHarness(Action<CallManagerOptions>? configure = null, int historyCapacity = 1000, CallingBot.Core.Recovery.ILiveCallStore? liveCalls = null, CallingBot.Core.Recovery.CallRecoveryOptions? recovery = null)
    {
        configure?.Invoke(Options);
        Metrics = new CallMetrics();
        Measurements = new MetricsRecorder(Metrics);
        History = new InMemoryCallHistory(historyCapacity);
        Manager = new CallManager(
            Platform,
            Router,
            Microsoft.Extensions.Options.Options.Create(Options),
            Time,
            Logger,
            Metrics,
            History,
            Registry,
            liveCalls,
            liveCalls is null ? null : Microsoft.Extensions.Options.Options.Create(recovery ?? new CallingBot.Core.Recovery.CallRecoveryOptions()));
        Manager.Start();
    }

    public FakeCallingPlatform Platform { get; } = new();

    public DelegateRouter Router { get; } = new();

    public CallManagerOptions Options { get; } = new();

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 9, 0, 0, TimeSpan.Zero));

    public ListLogger<CallManager> Logger { get; } = new();

    public CallMetrics Metrics { get; }

    public MetricsRecorder Measurements { get; }

    public InMemoryCallHistory History { get; }

    public InMemoryCallRegistry Registry { get; } = new();

    public CallManager Manager { get; }

    public IncomingCallInfo Info(string callId, PolicyRecordingInfo? policyRecording = null, MeetingCoordinates? meeting = null) => new()
    {
        CallId = callId,
        TenantId = "tenant-1",
        Caller = ParticipantIdentity.Phone(Caller),
        Callee = ParticipantIdentity.ApplicationInstance("bot-instance"),
        PolicyRecording = policyRecording,
        Meeting = meeting,
        ReceivedAt = Time.GetUtcNow(),
    };

    public FakePlatformCall RaiseIncoming(string callId, PolicyRecordingInfo? policyRecording = null)
    {
        var call = Platform.NewCall(callId);
        Platform.RaiseIncoming(call, Info(callId, policyRecording));
        return call;
    }

    /// <summary>An incoming call answered with <paramref name="handler"/> and established (its OnEstablished has started).</summary>
    public async Task<FakePlatformCall> ConnectAsync(string callId, RecordingHandler handler, int participantCapacity = 0)
    {
        Router.Answer(() => handler, participantCapacity);
        var call = RaiseIncoming(callId);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, $"answer {callId}");
        call.RaiseState(CallState.Establishing);
        call.RaiseState(CallState.Established);
        await Eventually.UntilAsync(() => handler.Calls.Contains("Established"), $"establish {callId}");
        return call;
    }

    /// <summary>An outbound call placed with <paramref name="handler"/>, not yet established.</summary>
    public async Task<FakePlatformCall> PlaceAsync(string callId, CallHandler handler)
    {
        var call = Platform.PrepareOutbound(callId);
        await Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-1")] }, handler, CancellationToken.None);
        return call;
    }

    public Task WaitRemovedAsync(string callId) => Eventually.WithinAsync(Manager.WhenRemovedAsync(callId), $"removal of {callId}");

    public async Task EndAsync(FakePlatformCall call, CallTermination? termination = null)
    {
        var removed = Manager.WhenRemovedAsync(call.CallId);
        call.RaiseEnded(termination);
        await Eventually.WithinAsync(removed, $"removal of {call.CallId}");
    }

    public CallRecord SingleRecord(string callId) => Assert.Single(History.Recent(int.MaxValue), r => r.CallId == callId);

    public async ValueTask DisposeAsync()
    {
        await Manager.DisposeAsync();
        Measurements.Dispose();
        Metrics.Dispose();
    }
}
