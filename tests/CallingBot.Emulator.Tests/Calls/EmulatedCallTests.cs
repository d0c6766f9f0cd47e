using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Calls;

/// <summary>The call state machine: legal moves happen with their notifications, illegal ones are refused and change nothing.</summary>
public sealed class EmulatedCallTests
{
    private static readonly IdentityRef Target = new("user", "5b6c7d8e-0000-4000-8000-00000000000a", "Target");

    [Fact]
    public async Task MoveTo_IllegalMove_ThrowsAndKeepsStateAndNotifiesNothing()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceIncomingCall();
        var before = CallHarness.Notifications(call);

        var error = Assert.Throws<InvalidCallTransitionException>(() => call.Update(locked => locked.MoveTo(EmulatedCallState.Established)));

        Assert.Equal(EmulatedCallState.Incoming, error.From);
        Assert.Equal(EmulatedCallState.Established, error.To);
        Assert.Equal($"Call '{call.Id}' cannot move from 'incoming' to 'established'.", error.Message);
        Assert.Equal(EmulatedCallState.Incoming, call.State);
        Assert.Equal(before, CallHarness.Notifications(call));
    }

    [Fact]
    public async Task Answer_IncomingCall_EstablishingThenEstablishedWithTheirNotifications()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceIncomingCall();

        call.Answering.Answer(CallHarness.ServiceHostedAnswer());
        var answered = call.State;
        call.Answering.Establish();

        Assert.Equal(EmulatedCallState.Establishing, answered);
        Assert.Equal(EmulatedCallState.Established, call.State);
        var path = CallResource.Path(call.Id);
        Assert.Equal(
            [$"created {path} (incoming)", $"updated {path} (establishing)", $"updated {path} (established)", $"updated {path}/participants"],
            CallHarness.Notifications(call));
    }

    [Fact]
    public async Task Answer_EstablishedCall_Refused409AndStateKept()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var before = CallHarness.Notifications(call);

        var error = Assert.Throws<GraphRequestException>(() => call.Answering.Answer(CallHarness.ServiceHostedAnswer()));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal($"Call '{call.Id}' is in state 'established'; 'answer' needs state 'incoming'.", error.Message);
        Assert.Equal(EmulatedCallState.Established, call.State);
        Assert.Equal(before, CallHarness.Notifications(call));
    }

    [Fact]
    public async Task Redirect_EstablishedCall_Refused409()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();

        var error = Assert.Throws<GraphRequestException>(() => call.Answering.Redirect(null, null, 30));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal(EmulatedCallState.Established, call.State);
    }

    [Fact]
    public async Task Establish_RejectedCall_DoesNothing()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceIncomingCall();
        call.Answering.Reject(null);

        call.Answering.Establish();

        Assert.Equal(EmulatedCallState.Terminating, call.State);
        Assert.DoesNotContain(CallHarness.Notifications(call), n => n.EndsWith("(established)", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reject_IncomingCall_TerminatingThenTerminatedWithTheReason()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceIncomingCall();

        call.Answering.Reject(null);
        var rejecting = call.State;
        call.Answering.FinishReject("busy");

        Assert.Equal(EmulatedCallState.Terminating, rejecting);
        Assert.Equal(EmulatedCallState.Terminated, call.State);
        Assert.Equal(486, call.Snapshot().ResultCode);
        Assert.Equal($"deleted {CallResource.Path(call.Id)} (terminated)", CallHarness.Notifications(call)[^1]);
    }

    [Fact]
    public async Task Transfer_TargetDeclines_TransferringThenEstablishedAgain()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();

        call.Transfer.Begin(hasTransferee: false);
        var transferring = call.State;
        call.Transfer.Ring(new CalleeTarget(Target, CalleeBehavior.Declines()), null);

        Assert.Equal(EmulatedCallState.Transferring, transferring);
        Assert.Equal(EmulatedCallState.Established, call.State);
        var path = CallResource.Path(call.Id);
        Assert.Equal([$"updated {path} (transferring)", $"updated {path} (established)"], CallHarness.Notifications(call)[^2..]);
        Assert.Null(call.Snapshot().ResultCode);
    }

    [Fact]
    public async Task Transfer_TargetAnswers_EndsThroughTransferAcceptedWithTheReplacedCall()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var replaced = harness.PlaceEstablishedCall();

        call.Transfer.Begin(hasTransferee: false);
        call.Transfer.Ring(new CalleeTarget(Target, new CalleeBehavior()), replaced);

        var path = CallResource.Path(call.Id);
        Assert.Equal(
            [$"updated {path} (transferring)", $"updated {path} (transferAccepted)", $"deleted {path} (terminated)"],
            CallHarness.Notifications(call)[^3..]);
        Assert.Equal(7015, call.Snapshot().ResultSubcode);
        Assert.Equal(EmulatedCallState.Terminated, replaced.State);
        Assert.Equal(7015, replaced.Snapshot().ResultSubcode);
    }

    [Fact]
    public async Task Transfer_IncomingCall_Refused409()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceIncomingCall();

        var error = Assert.Throws<GraphRequestException>(() => call.Transfer.Begin(hasTransferee: false));

        Assert.Equal(409, error.StatusCode);
        Assert.Equal(EmulatedCallState.Incoming, call.State);
    }

    [Fact]
    public async Task HangUp_EndedCall_EveryMoveRefusedAndEndedOnce()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();
        var ended = 0;
        call.Ended += _ => ended++;

        call.Remote.HangUp();
        var notifications = CallHarness.Notifications(call);
        call.Update(locked => locked.Terminate(ResultCodes.ApplicationHungUp()));

        Assert.Equal(EmulatedCallState.Terminated, call.State);
        Assert.All(Enum.GetValues<EmulatedCallState>(), next =>
            Assert.Throws<InvalidCallTransitionException>(() => call.Update(locked => locked.MoveTo(next))));
        Assert.Throws<InvalidOperationException>(call.Remote.HangUp);
        Assert.Equal(1, ended);
        Assert.Equal(notifications, CallHarness.Notifications(call));
        Assert.Equal(4521, call.Snapshot().ResultSubcode);
    }

    [Fact]
    public async Task BeginHangUp_Twice_TerminatingUntilFinished()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceEstablishedCall();

        call.BeginHangUp();
        call.BeginHangUp();
        var hangingUp = call.State;
        call.FinishHangUp();

        Assert.Equal(EmulatedCallState.Terminating, hangingUp);
        Assert.Equal(EmulatedCallState.Terminated, call.State);
        Assert.Equal(5001, call.Snapshot().ResultSubcode);
        Assert.Single(CallHarness.Notifications(call), n => n.StartsWith("deleted", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AnswerDeadline_Passes_IncomingCallEnds()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceIncomingCall();

        harness.Time.Advance(harness.Options.AnswerTimeout);

        Assert.Equal(EmulatedCallState.Terminated, call.State);
        Assert.Equal(10004, call.Snapshot().ResultSubcode);
    }

    [Fact]
    public async Task Update_FromInsideItsOwnLock_Refused()
    {
        await using var harness = new CallHarness();
        var call = harness.PlaceIncomingCall();

        var error = Assert.Throws<InvalidOperationException>(() => call.Update(_ => call.Update(_ => { })));

        Assert.Contains("from inside its own lock", error.Message, StringComparison.Ordinal);
    }
}
