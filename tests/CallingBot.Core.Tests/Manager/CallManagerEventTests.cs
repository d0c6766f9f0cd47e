using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

public sealed class CallManagerEventTests
{
    private static readonly ParticipantInfo Alice = new("p-alice", ParticipantIdentity.User("alice"));
    private static readonly ParticipantInfo Bob = new("p-bob", ParticipantIdentity.Phone("+442071838750"));

    [Fact]
    public async Task Events_WhileHandlerBusy_DeliveredOneAtATimeInArrivalOrder()
    {
        await using var harness = new CallManagerHarness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var handler = new RecordingHandler { Hook = (entry, _, _) => entry == "Established" ? release.Task : Task.CompletedTask };
        var call = await harness.ConnectAsync("call-1", handler);

        call.RaiseParticipants(joined: [Alice]);
        call.Raise(new ContentSharingChanged("call-1", "share-1", Started: true));
        call.RaiseParticipants(updated: [Alice with { IsMuted = true }]);
        call.Raise(new ContentSharingChanged("call-1", "share-1", Started: false));
        call.RaiseParticipants(left: [Alice]);
        Assert.Equal(["Established"], handler.Calls);

        release.SetResult();

        await Eventually.UntilAsync(() => handler.Calls.Count == 6, "queued callbacks");
        Assert.Equal(["Established", "Joined:p-alice", "SharingStarted:share-1", "Muted:p-alice:True", "SharingEnded:share-1", "Left:p-alice"], handler.Calls);
        Assert.Equal(1, handler.MaxConcurrency);
    }

    [Fact]
    public async Task Events_HandlerOfOneCallBlocked_OtherCallStillServed()
    {
        await using var harness = new CallManagerHarness();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var blocked = new RecordingHandler { Hook = (entry, _, _) => entry == "Established" ? release.Task : Task.CompletedTask };
        await harness.ConnectAsync("call-1", blocked);
        var other = new RecordingHandler();

        var call2 = await harness.ConnectAsync("call-2", other);
        call2.RaiseParticipants(joined: [Bob]);

        await Eventually.UntilAsync(() => other.Calls.Contains("Joined:p-bob"), "other call's callback");
        Assert.Equal(["Established"], blocked.Calls);
        release.SetResult();
    }

    [Fact]
    public async Task StateChanged_EstablishingAfterEstablished_IsIgnored()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        call.RaiseState(CallState.Establishing);
        call.RaiseParticipants(joined: [Alice]);

        await Eventually.UntilAsync(() => handler.Calls.Contains("Joined:p-alice"), "later event");
        Assert.Equal(CallState.Established, harness.Manager.GetCall("call-1")!.State);
        Assert.Single(harness.Logger.WithEvent("StaleState"));
        Assert.Equal(["Established", "Joined:p-alice"], handler.Calls);
    }

    [Fact]
    public async Task StateChanged_EstablishedTwiceAndAfterHold_OnEstablishedCalledOnce()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        call.RaiseState(CallState.Established);
        call.RaiseState(CallState.Hold);
        call.RaiseState(CallState.Established);
        call.RaiseParticipants(joined: [Alice]);

        await Eventually.UntilAsync(() => handler.Calls.Contains("Joined:p-alice"), "later event");
        Assert.Equal(["Established", "Joined:p-alice"], handler.Calls);
        Assert.Equal(CallState.Established, harness.Manager.GetCall("call-1")!.State);
        harness.Time.Advance(harness.Options.KeepAliveInterval);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.KeepAliveAsync)) >= 1, "keepAlive");
        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.KeepAliveAsync)));
    }

    [Fact]
    public async Task StateChanged_TerminatedTwiceThenRemoved_OnTerminatedOnceWithServiceReason()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        var reason = new CallTermination(0, 5010, "The remote party hung up.");

        call.RaiseState(CallState.Terminated, reason);
        call.RaiseState(CallState.Terminated, CallTermination.Normal);
        await harness.EndAsync(call);

        Assert.Equal(["Established", "Terminated:0"], handler.Calls);
        Assert.Equal(reason, handler.Termination);
        Assert.Equal(reason, harness.SingleRecord("call-1").Termination);
    }

    [Fact]
    public async Task CallRemoved_WithoutTerminatedState_DeliversNormalTermination()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        var removed = harness.Manager.WhenRemovedAsync("call-1");

        call.RaiseRemoved();

        await Eventually.WithinAsync(removed, "removal");
        Assert.Equal(["Established", "Terminated:200"], handler.Calls);
        Assert.Equal(CallTermination.Normal, handler.Termination);
        Assert.Equal(CallState.Terminated, handler.Context!.State);
        Assert.True(handler.Context.CallEnded.IsCancellationRequested);
    }

    [Fact]
    public async Task Events_AfterCallRemoved_AreIgnored()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        await harness.EndAsync(call);

        call.RaiseParticipants(joined: [Alice]);
        call.RaiseTones("5");
        call.RaiseState(CallState.Established);

        Assert.Equal(["Established", "Terminated:200"], handler.Calls);
        Assert.Equal(3, harness.Logger.WithEvent("EventAfterEnd").Count);
        Assert.Empty(harness.Logger.WithEvent("EventHeld"));
        Assert.Null(harness.Manager.GetCall("call-1"));
        Assert.Null(harness.Manager.FindCall("call-1"));
    }

    [Fact]
    public async Task Participants_JoinedMutedLeft_CallbacksAndRosterFollow()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        call.RaiseParticipants(joined: [Alice, Bob]);
        await Eventually.UntilAsync(() => handler.Calls.Count == 3, "joined");
        Assert.Equal(["p-alice", "p-bob"], harness.Manager.GetCall("call-1")!.Participants.Select(p => p.Id));

        call.RaiseParticipants(updated: [Bob with { IsMuted = true }]);
        call.RaiseParticipants(updated: [Bob with { IsMuted = true, IsInLobby = false }]);
        call.RaiseParticipants(left: [Alice]);

        await Eventually.UntilAsync(() => handler.Calls.Count == 5, "muted and left");
        Assert.Equal(["Established", "Joined:p-alice", "Joined:p-bob", "Muted:p-bob:True", "Left:p-alice"], handler.Calls);
        var participant = Assert.Single(handler.Context!.Participants);
        Assert.Equal(Bob with { IsMuted = true }, participant);
        Assert.Contains(harness.Manager.GetCall("call-1")!.RecentEvents, e => e.Kind == "participant-joined" && e.Detail == "phone:+4420******50");
    }

    [Fact]
    public async Task Participants_JoinedTwiceOrLeftUnknown_NoDuplicateCallbacks()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        call.RaiseParticipants(joined: [Alice]);
        call.RaiseParticipants(joined: [Alice with { IsMuted = true }]);
        call.RaiseParticipants(left: [Bob]);
        call.Raise(new ContentSharingChanged("call-1", "marker", Started: true));

        await Eventually.UntilAsync(() => handler.Calls.Contains("SharingStarted:marker"), "marker event");
        Assert.Equal(["Established", "Joined:p-alice", "SharingStarted:marker"], handler.Calls);
        Assert.True(Assert.Single(handler.Context!.Participants).IsMuted);
    }

    [Fact]
    public async Task ContentSharing_StartedAndEnded_CallbacksCarrySessionId()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        call.Raise(new ContentSharingChanged("call-1", "session-7", Started: true));
        call.Raise(new ContentSharingChanged("call-1", "session-7", Started: false));

        await Eventually.UntilAsync(() => handler.Calls.Count == 3, "sharing callbacks");
        Assert.Equal(["Established", "SharingStarted:session-7", "SharingEnded:session-7"], handler.Calls);
    }
}
