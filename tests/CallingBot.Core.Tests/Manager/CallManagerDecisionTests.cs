using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Tests.Manager;

public sealed class CallManagerDecisionTests
{
    private static readonly PolicyRecordingInfo PolicyRecording = new("policy-1", ["recordedParticipantInvite"], [ParticipantIdentity.User("agent-1")]);

    [Fact]
    public async Task IncomingCall_RouterAnswers_AnswersWithRouterOptionsAndHandler()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        harness.Router.Decide = (_, _) => ValueTask.FromResult(CallDecision.Answer(handler, MediaHosting.AppHosted, participantCapacity: 3));

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        Assert.Equal(new AnswerOptions(MediaHosting.AppHosted, 3), call.Recorder.SingleArgument<AnswerOptions>(nameof(IPlatformCall.AnswerAsync)));
        Assert.Equal([nameof(IPlatformCall.AnswerAsync)], call.Recorder.Names);
        var request = Assert.Single(harness.Router.Requests);
        Assert.Equal("call-1", request.Info.CallId);
        Assert.Equal("phone:+1425*****23", request.Info.Caller.ToString());
        await Eventually.UntilAsync(() => harness.Measurements.Sum("callingbot.calls.decisions", "outcome", "answered") == 1, "decision metric");
        var snapshot = harness.Manager.GetCall("call-1");
        Assert.NotNull(snapshot);
        Assert.Equal(CallDirection.Incoming, snapshot.Direction);
        Assert.Equal(MediaHosting.AppHosted, snapshot.Media);
        Assert.Equal(nameof(RecordingHandler), snapshot.HandlerName);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.incoming"));
    }

    [Theory]
    [InlineData(RejectReason.None)]
    [InlineData(RejectReason.Busy)]
    [InlineData(RejectReason.Forbidden)]
    public async Task IncomingCall_RouterRejects_RejectsWithThatReason(RejectReason reason)
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Decide = (_, _) => ValueTask.FromResult(CallDecision.Reject(reason));

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "reject");
        Assert.Equal(reason, call.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        Assert.Equal([nameof(IPlatformCall.RejectAsync)], call.Recorder.Names);
        await harness.EndAsync(call);
        Assert.Equal("rejected", harness.SingleRecord("call-1").Outcome);
    }

    [Fact]
    public async Task IncomingCall_RouterRedirects_RedirectsToTargetsWithTimeout()
    {
        await using var harness = new CallManagerHarness();
        var options = new RedirectOptions([ParticipantIdentity.User("user-a"), ParticipantIdentity.User("user-b")], TimeSpan.FromSeconds(20));
        harness.Router.Decide = (_, _) => ValueTask.FromResult(CallDecision.Redirect(options));

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RedirectAsync)) == 1, "redirect");
        var sent = call.Recorder.SingleArgument<RedirectOptions>(nameof(IPlatformCall.RedirectAsync));
        Assert.Equal(["user-a", "user-b"], sent.Targets.Select(t => t.Id));
        Assert.Equal(TimeSpan.FromSeconds(20), sent.Timeout);
        Assert.False(sent.ToVoicemail);
        await harness.EndAsync(call);
        var record = harness.SingleRecord("call-1");
        Assert.Equal("redirected", record.Outcome);
        Assert.Contains(record.Events, e => e.Kind == "decision" && e.Detail == "redirect (2 target(s))");
    }

    [Fact]
    public async Task IncomingCall_RouterRedirectsToVoicemail_SendsVoicemailRedirect()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Decide = (_, _) => ValueTask.FromResult(CallDecision.Redirect(new RedirectOptions([ParticipantIdentity.User("user-a")], toVoicemail: true)));

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RedirectAsync)) == 1, "redirect");
        var sent = call.Recorder.SingleArgument<RedirectOptions>(nameof(IPlatformCall.RedirectAsync));
        Assert.True(sent.ToVoicemail);
        Assert.Equal("user-a", Assert.Single(sent.Targets).Id);
        Assert.Null(sent.Timeout);
    }

    [Theory]
    [InlineData(UndecidedCallAction.RejectBusy, RejectReason.Busy)]
    [InlineData(UndecidedCallAction.Reject, RejectReason.None)]
    public async Task IncomingCall_RouterExceedsDecisionBudget_CountsLateLogsAndRejects(UndecidedCallAction action, RejectReason expectedReason)
    {
        await using var harness = new CallManagerHarness(o => o.UndecidedCallAction = action);
        harness.Router.Hang();
        var call = harness.RaiseIncoming("call-1");
        await Eventually.UntilAsync(() => harness.Router.Requests.Count == 1, "router invoked");

        harness.Time.Advance(harness.Options.DecisionBudget - TimeSpan.FromTicks(1));
        Assert.Empty(call.Recorder.Operations);
        Assert.False(harness.Router.Requests[0].Token.IsCancellationRequested);

        harness.Time.Advance(TimeSpan.FromTicks(1));

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "default reject");
        Assert.Equal(expectedReason, call.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        Assert.True(harness.Router.Requests[0].Token.IsCancellationRequested);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.late_decisions"));
        var warning = Assert.Single(harness.Logger.WithEvent("DecisionLate"));
        Assert.Equal(LogLevel.Warning, warning.Level);
        Assert.Equal($"Router did not decide within 10000 ms; applying {action}", warning.Message);
    }

    [Fact]
    public async Task IncomingCall_RouterExceedsBudgetWithIgnoreAction_SendsNothingAndRecordsIgnored()
    {
        await using var harness = new CallManagerHarness(o => o.UndecidedCallAction = UndecidedCallAction.Ignore);
        harness.Router.Hang();
        var call = harness.RaiseIncoming("call-1");
        await Eventually.UntilAsync(() => harness.Router.Requests.Count == 1, "router invoked");

        harness.Time.Advance(harness.Options.DecisionBudget);
        await Eventually.UntilAsync(() => harness.Measurements.Sum("callingbot.calls.late_decisions") == 1, "late counter");
        await harness.EndAsync(call);

        Assert.Empty(call.Recorder.Operations);
        Assert.Equal("ignored", harness.SingleRecord("call-1").Outcome);
    }

    [Fact]
    public async Task IncomingCall_RouterDecidesWithinBudget_IsNotLate()
    {
        await using var harness = new CallManagerHarness();
        var decision = new TaskCompletionSource<CallDecision>(TaskCreationOptions.RunContinuationsAsynchronously);
        harness.Router.Decide = (_, _) => new ValueTask<CallDecision>(decision.Task);
        var call = harness.RaiseIncoming("call-1");
        await Eventually.UntilAsync(() => harness.Router.Requests.Count == 1, "router invoked");

        harness.Time.Advance(TimeSpan.FromSeconds(9));
        decision.SetResult(CallDecision.Answer(new RecordingHandler()));

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        Assert.Equal(0, harness.Measurements.Sum("callingbot.calls.late_decisions"));
        Assert.Empty(harness.Logger.WithEvent("DecisionLate"));
        await Eventually.UntilAsync(() => harness.Measurements.Measurements.Any(m => m.Instrument == "callingbot.calls.decision_time"), "decision time");
        Assert.Equal(9000d, harness.Measurements.Measurements.Single(m => m.Instrument == "callingbot.calls.decision_time").Value);
    }

    [Fact]
    public async Task PolicyRecordingInvite_RouterExceedsPolicyBudget_RejectsAfterPolicyBudget()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Hang();
        var call = harness.RaiseIncoming("call-1", PolicyRecording);
        await Eventually.UntilAsync(() => harness.Router.Requests.Count == 1, "router invoked");

        harness.Time.Advance(harness.Options.PolicyRecordingDecisionBudget);

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "default reject");
        Assert.Equal(TimeSpan.FromSeconds(3), harness.Options.PolicyRecordingDecisionBudget);
        Assert.Equal(RejectReason.Busy, call.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        Assert.Equal("Router did not decide within 3000 ms; applying RejectBusy", Assert.Single(harness.Logger.WithEvent("DecisionLate")).Message);
    }

    [Fact]
    public async Task IncomingCall_RouterThrows_AppliesDefaultActionAndLogsError()
    {
        await using var harness = new CallManagerHarness(o => o.UndecidedCallAction = UndecidedCallAction.Reject);
        var failure = new InvalidOperationException("directory unavailable");
        harness.Router.Decide = (_, _) => throw failure;

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "default reject");
        Assert.Equal(RejectReason.None, call.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        var error = Assert.Single(harness.Logger.WithEvent("RouterFailed"));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Same(failure, error.Exception);
        Assert.Equal(0, harness.Measurements.Sum("callingbot.calls.late_decisions"));
    }

    [Fact]
    public async Task IncomingCall_RouterReturnsFaultedTask_AppliesDefaultAction()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Decide = (_, _) => ValueTask.FromException<CallDecision>(new TimeoutException("slow lookup"));

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "default reject");
        Assert.Equal(RejectReason.Busy, call.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        Assert.IsType<TimeoutException>(Assert.Single(harness.Logger.WithEvent("RouterFailed")).Exception);
    }

    [Fact]
    public async Task IncomingCall_CallerHangsUpBeforeDecision_SendsNoDecision()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Hang();
        var call = harness.RaiseIncoming("call-1");
        await Eventually.UntilAsync(() => harness.Router.Requests.Count == 1, "router invoked");

        await harness.EndAsync(call);

        Assert.True(harness.Router.Requests[0].Token.IsCancellationRequested);
        Assert.Empty(call.Recorder.Operations);
        Assert.Equal(0, harness.Measurements.Sum("callingbot.calls.late_decisions"));
        var record = harness.SingleRecord("call-1");
        Assert.Equal("undecided", record.Outcome);
        Assert.Contains(record.Events, e => e.Kind == "decision" && e.Detail == "caller left before a decision");
    }

    [Fact]
    public async Task IncomingCall_CallerHangsUpWhileTheAnswerIsOnItsWay_LogsTheRaceAsInformationAndRejectsNothing()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.Platform.NewCall("call-1");
        call.Recorder.Hang(nameof(IPlatformCall.AnswerAsync));
        call.Recorder.Fail(nameof(IPlatformCall.AnswerAsync), new PlatformException(PlatformErrorKind.Unavailable, "the call is gone"));
        harness.Platform.RaiseIncoming(call, harness.Info("call-1"));
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer on its way");

        var removed = harness.Manager.WhenRemovedAsync("call-1");
        call.RaiseEnded();
        call.Recorder.Release(nameof(IPlatformCall.AnswerAsync));
        await Eventually.WithinAsync(removed, "removal of call-1");

        var overtaken = Assert.Single(harness.Logger.WithEvent("DecisionOvertakenByEnd"));
        Assert.Equal(LogLevel.Information, overtaken.Level);
        Assert.Null(overtaken.Exception);
        Assert.Empty(harness.Logger.WithEvent("DecisionFailed"));
        Assert.Equal(0, call.Recorder.Count(nameof(IPlatformCall.RejectAsync)));
        Assert.Equal(0, harness.Measurements.Sum("callingbot.calls.decision_failures"));
        Assert.Contains(harness.SingleRecord("call-1").Events, e => e.Kind == "decision" && e.Detail == "answer (ServiceHosted) not sent: the call ended first");
    }

    [Fact]
    public async Task IncomingCall_AnswerFails_LogsAndRecordsDecisionFailed()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.Platform.NewCall("call-1");
        call.Recorder.Fail(nameof(IPlatformCall.AnswerAsync), new HttpRequestException("502 from the service"));

        harness.Platform.RaiseIncoming(call, harness.Info("call-1"));

        await Eventually.UntilAsync(() => harness.Logger.WithEvent("DecisionFailed").Count == 1, "decision failure logged");
        Assert.Equal("Sending the decision answer (ServiceHosted) failed", harness.Logger.WithEvent("DecisionFailed")[0].Message);
        await harness.EndAsync(call);
        Assert.Equal("decision-failed", harness.SingleRecord("call-1").Outcome);
    }

    [Fact]
    public async Task IncomingCall_SameCallIdTwice_RoutesOnce()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.RaiseIncoming("call-1");

        harness.Platform.RaiseIncoming(harness.Platform.NewCall("CALL-1"), harness.Info("CALL-1"));

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");
        Assert.Single(harness.Router.Requests);
        Assert.Single(harness.Logger.WithEvent("DuplicateIncoming"));
        Assert.Equal(1, harness.Manager.ActiveCallCount);
    }

    [Fact]
    public async Task IncomingCall_IdOfCallAlreadyRemoved_IsIgnored()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Decide = (_, _) => ValueTask.FromResult(CallDecision.Reject());
        var first = harness.RaiseIncoming("call-1");
        await Eventually.UntilAsync(() => first.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "reject");
        await harness.EndAsync(first);

        var replay = harness.RaiseIncoming("call-1");

        Assert.Equal(0, harness.Manager.ActiveCallCount);
        Assert.Single(harness.Router.Requests);
        Assert.Empty(replay.Recorder.Operations);
    }

    [Fact]
    public async Task IncomingCall_AboveMaxConcurrentCalls_RejectsBusyWithoutRouting()
    {
        await using var harness = new CallManagerHarness(o => o.MaxConcurrentCalls = 1);
        var first = await harness.ConnectAsync("call-1", new RecordingHandler());

        var second = harness.RaiseIncoming("call-2");

        await Eventually.UntilAsync(() => second.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "busy reject");
        Assert.Equal(RejectReason.Busy, second.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        Assert.Equal(["call-1"], harness.Router.Requests.Select(r => r.Info.CallId));
        Assert.Equal("At capacity (2 calls); rejecting incoming call as busy", Assert.Single(harness.Logger.WithEvent("AtCapacity")).Message);
        Assert.Equal([nameof(IPlatformCall.AnswerAsync)], first.Recorder.Names);
        await harness.EndAsync(second);
        var record = harness.SingleRecord("call-2");
        Assert.Equal("rejected", record.Outcome);
        Assert.Contains(record.Events, e => e.Kind == "decision" && e.Detail == "at capacity");
    }
}
