using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Manager;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using CallingBot.Core.Routing;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// Calls that would otherwise stay forever: refused by the service as unknown (dropped at once), or never established
/// nor ended (reaped after the service's deadline plus the margin).
/// </summary>
public sealed class CallManagerStaleCallTests
{
    private static readonly PolicyRecordingInfo PolicyRecording = new("policy-1", ["recordedParticipantInvite"], [ParticipantIdentity.User("agent-1")]);

    public static TheoryData<PlatformErrorKind, string> TerminalRefusals => new()
    {
        { PlatformErrorKind.NotFound, nameof(IPlatformCall.AnswerAsync) },
        { PlatformErrorKind.Forbidden, nameof(IPlatformCall.AnswerAsync) },
        { PlatformErrorKind.Conflict, nameof(IPlatformCall.AnswerAsync) },
        { PlatformErrorKind.NotFound, nameof(IPlatformCall.RejectAsync) },
        { PlatformErrorKind.NotFound, nameof(IPlatformCall.RedirectAsync) },
    };

    [Theory]
    [MemberData(nameof(TerminalRefusals))]
    public async Task Decision_RefusedAsFinalByTheService_CallDroppedAtOnceAndRecorded(PlatformErrorKind kind, string operation)
    {
        await using var harness = new CallManagerHarness();
        var handler = new DisposableRecordingHandler();
        harness.Router.Decide = (_, _) => ValueTask.FromResult(operation switch
        {
            nameof(IPlatformCall.AnswerAsync) => CallDecision.Answer(handler),
            nameof(IPlatformCall.RejectAsync) => CallDecision.Reject(),
            _ => CallDecision.Redirect(ParticipantIdentity.User("user-2")),
        });
        var call = harness.Platform.NewCall("forged-1");
        call.Recorder.Fail(operation, new PlatformException(kind, "Call 'forged-1' was not found."));

        harness.Platform.RaiseIncoming(call, harness.Info("forged-1"));

        await harness.WaitRemovedAsync("forged-1");
        var record = harness.SingleRecord("forged-1");
        Assert.Equal("decision-failed", record.Outcome);
        Assert.Equal(CallTermination.RefusedByService, record.Termination);
        Assert.Contains(record.Events, e => e.Kind == "decision" && e.Detail.EndsWith($"refused: {kind}", StringComparison.Ordinal));
        Assert.Equal(0, harness.Manager.ActiveCallCount);
        Assert.Equal(CallStatus.Ended, harness.Registry.GetStatus("forged-1"));
        Assert.Equal(1, call.ReleaseCount);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.dropped", "reason", "refused-by-service"));
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.decision_failures"));
        var log = Assert.Single(harness.Logger.WithEvent("DecisionRefused"));
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Empty(harness.Logger.WithEvent("DecisionFailed"));
        if (operation == nameof(IPlatformCall.AnswerAsync))
        {
            Assert.Equal(["Terminated:410", "Disposed"], handler.Calls);
        }
    }

    [Theory]
    [InlineData(PlatformErrorKind.Unavailable)]
    [InlineData(PlatformErrorKind.Throttled)]
    [InlineData(PlatformErrorKind.InvalidRequest)]
    [InlineData(PlatformErrorKind.Other)]
    public async Task Decision_FailedButNotFinal_CallStaysUntilTheServiceOrTheReaperEndsIt(PlatformErrorKind kind)
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.Platform.NewCall("call-1");
        call.Recorder.Fail(nameof(IPlatformCall.AnswerAsync), new PlatformException(kind, "try again"));

        harness.Platform.RaiseIncoming(call, harness.Info("call-1"));

        await Eventually.UntilAsync(() => harness.Logger.WithEvent("DecisionFailed").Count == 1, "decision failure logged");
        Assert.Equal(1, harness.Manager.ActiveCallCount);
        Assert.Equal(CallStatus.Live, harness.Registry.GetStatus("call-1"));
        Assert.Contains(harness.Manager.GetCall("call-1")!.RecentEvents, e => e.Kind == "decision" && e.Detail == $"answer (ServiceHosted) failed: {kind}");
    }

    [Fact]
    public async Task IncomingCall_NeverEstablished_ReapedOnlyAfterTheServiceDeadlinePlusTheMargin()
    {
        await using var harness = new CallManagerHarness(o =>
        {
            o.UnestablishedCallMargin = TimeSpan.FromSeconds(10);
            o.ReapInterval = TimeSpan.FromSeconds(1);
        });
        var handler = new DisposableRecordingHandler();
        harness.Router.Answer(() => handler);
        var call = harness.RaiseIncoming("orphan-1");
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer sent");

        harness.Time.Advance(TimeSpan.FromSeconds(24));
        Assert.Equal(1, harness.Manager.ActiveCallCount);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        await harness.WaitRemovedAsync("orphan-1");
        Assert.Empty(harness.Manager.ListCalls());
        Assert.Equal(0, harness.Manager.ActiveCallCount);
        var record = harness.SingleRecord("orphan-1");
        Assert.Equal("answered", record.Outcome);
        Assert.Equal(CallTermination.NotEstablishedInTime, record.Termination);
        Assert.Contains(record.Events, e => e.Kind == "reaped" && e.Detail == "not established in time");
        Assert.Equal(["Terminated:408", "Disposed"], handler.Calls);
        Assert.Equal(CallStatus.Ended, harness.Registry.GetStatus("orphan-1"));
        Assert.Equal(1, call.ReleaseCount);
        Assert.Equal([nameof(IPlatformCall.AnswerAsync)], call.Recorder.Names);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.dropped", "reason", "not-established-in-time"));
        var log = Assert.Single(harness.Logger.WithEvent("CallReaped"));
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Equal("Call neither established nor ended 25.0 s after it arrived (service deadline 15 s); dropped", log.Message);
        Assert.Equal(0, harness.Manager.AwaitingEstablishmentCount);
    }

    [Fact]
    public async Task PolicyRecordingInvite_NeverEstablished_ReapedAfterFiveSecondsPlusTheMargin()
    {
        await using var harness = new CallManagerHarness(o =>
        {
            o.UnestablishedCallMargin = TimeSpan.FromSeconds(2);
            o.ReapInterval = TimeSpan.FromSeconds(1);
        });
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.RaiseIncoming("policy-1", PolicyRecording);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer sent");

        harness.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Equal(1, harness.Manager.ActiveCallCount);
        harness.Time.Advance(TimeSpan.FromSeconds(1));

        await harness.WaitRemovedAsync("policy-1");
        Assert.Equal(CallTermination.NotEstablishedInTime, harness.SingleRecord("policy-1").Termination);
    }

    [Fact]
    public async Task IncomingCall_RouterNeverDecides_ReapedAndCapacityFreedForTheNextCaller()
    {
        await using var harness = new CallManagerHarness(o =>
        {
            o.MaxConcurrentCalls = 1;
            o.UndecidedCallAction = UndecidedCallAction.Ignore;
        });
        harness.Router.Hang();
        harness.RaiseIncoming("stuck-1");
        await Eventually.UntilAsync(() => harness.Router.Requests.Count == 1, "router asked");

        // The clock jumps to the end of each step before timers fire: first the decision budget, then the reaper.
        harness.Time.Advance(harness.Options.DecisionBudget);
        await Eventually.UntilAsync(() => harness.Logger.WithEvent("DecisionLate").Count == 1, "decision budget missed");
        harness.Time.Advance(TimeSpan.FromSeconds(25));
        await harness.WaitRemovedAsync("stuck-1");
        Assert.Equal("ignored", harness.SingleRecord("stuck-1").Outcome);

        var handler = new RecordingHandler();
        harness.Router.Answer(() => handler);
        var next = harness.RaiseIncoming("caller-2");

        await Eventually.UntilAsync(() => next.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "next caller answered");
        Assert.Equal(0, next.Recorder.Count(nameof(IPlatformCall.RejectAsync)));
        Assert.Equal(["caller-2"], harness.Manager.ListCalls().Select(c => c.CallId));
    }

    [Fact]
    public async Task EstablishedAndPlacedCalls_AreNeverReaped()
    {
        await using var harness = new CallManagerHarness(o => o.ReapInterval = TimeSpan.FromSeconds(1));
        await harness.ConnectAsync("established-1", new RecordingHandler());
        await harness.PlaceAsync("placed-1", new RecordingHandler());

        harness.Time.Advance(TimeSpan.FromMinutes(10));

        Assert.Equal(["established-1", "placed-1"], harness.Manager.ListCalls().Select(c => c.CallId).Order(StringComparer.Ordinal));
        Assert.Empty(harness.Logger.WithEvent("CallReaped"));
    }

    [Fact]
    public async Task EstablishedOutOfOrderBeforeTheAnswerCompletes_IsNotReaped()
    {
        await using var harness = new CallManagerHarness(o => o.ReapInterval = TimeSpan.FromSeconds(1));
        var handler = new RecordingHandler();
        harness.Router.Answer(() => handler);
        var call = harness.Platform.NewCall("call-1");
        call.Recorder.Hang(nameof(IPlatformCall.AnswerAsync));
        harness.Platform.RaiseIncoming(call, harness.Info("call-1"));
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer sent");

        call.RaiseState(CallState.Established);
        harness.Time.Advance(TimeSpan.FromMinutes(1));
        call.Recorder.Release(nameof(IPlatformCall.AnswerAsync));

        await Eventually.UntilAsync(() => handler.Calls.Contains("Established"), "established");
        Assert.Equal(1, harness.Manager.ActiveCallCount);
        Assert.Empty(harness.Logger.WithEvent("CallReaped"));
    }

    [Fact]
    public async Task Start_CreatesTheReaperTimerWithoutExecutionContextFlowAndOnlyThen()
    {
        var time = new FlowRecordingTimeProvider();
        var metrics = new CallMetrics();
        var manager = new CallManager(
            new FakeCallingPlatform(), new DelegateRouter(), Microsoft.Extensions.Options.Options.Create(new CallManagerOptions()), time,
            new ListLogger<CallManager>(), metrics, new InMemoryCallHistory(), new InMemoryCallRegistry());
        try
        {
            Assert.Empty(time.Timers);
            var ambient = new AsyncLocal<string> { Value = "caller's context" };

            manager.Start();
            manager.Start();

            var timer = Assert.Single(time.Timers);
            Assert.True(timer.FlowSuppressed);
            Assert.False(ExecutionContext.IsFlowSuppressed());
            Assert.Equal("caller's context", ambient.Value);
        }
        finally
        {
            await manager.DisposeAsync();
            metrics.Dispose();
        }
    }

    private sealed class FlowRecordingTimeProvider : TimeProvider
    {
        public List<(TimeSpan DueTime, bool FlowSuppressed)> Timers { get; } = [];

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            Timers.Add((dueTime, ExecutionContext.IsFlowSuppressed()));
            return base.CreateTimer(callback, state, dueTime, period);
        }
    }
}
