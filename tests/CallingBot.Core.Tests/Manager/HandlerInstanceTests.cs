using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Tests.Manager;

/// <summary>One handler instance per call: an instance already serving a live call, or disposed after one, is refused.</summary>
public sealed class HandlerInstanceTests
{
    [Fact]
    public async Task Router_SameHandlerForASecondLiveCall_SecondCallHandledLikeAFailingRouter()
    {
        await using var harness = new CallManagerHarness();
        var shared = new RecordingHandler();
        var first = await harness.ConnectAsync("call-1", shared);

        var second = harness.RaiseIncoming("call-2");

        await Eventually.UntilAsync(() => second.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "second call rejected");
        Assert.Equal(RejectReason.Busy, second.Recorder.SingleArgument<RejectReason>(nameof(IPlatformCall.RejectAsync)));
        Assert.Equal(0, second.Recorder.Count(nameof(IPlatformCall.AnswerAsync)));
        var log = Assert.Single(harness.Logger.WithEvent("RouterFailed"));
        Assert.Equal(LogLevel.Error, log.Level);
        var error = Assert.IsType<InvalidOperationException>(log.Exception);
        Assert.Equal("The handler RecordingHandler already serves call call-1. Give each call its own handler instance (create a new one for every decision).", error.Message);
        Assert.Contains(harness.Manager.GetCall("call-2")!.RecentEvents, e => e.Kind == "decision" && e.Detail == "router failed");
        Assert.Equal(nameof(RecordingHandler), harness.Manager.GetCall("call-1")!.HandlerName);
        Assert.Equal("(none)", harness.Manager.GetCall("call-2")!.HandlerName);

        await harness.EndAsync(first);
        Assert.Equal(["Established", "Terminated:200"], shared.Calls);
    }

    [Fact]
    public async Task Router_DisposedHandlerHandedOutAgain_Refused()
    {
        await using var harness = new CallManagerHarness();
        var handler = new DisposableRecordingHandler();
        var first = await harness.ConnectAsync("call-1", handler);
        await harness.EndAsync(first);

        var second = harness.RaiseIncoming("call-2");

        await Eventually.UntilAsync(() => second.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "second call rejected");
        var error = Assert.IsType<InvalidOperationException>(Assert.Single(harness.Logger.WithEvent("RouterFailed")).Exception);
        Assert.Equal("The handler DisposableRecordingHandler was disposed when its call call-1 ended. Give each call its own handler instance (create a new one for every decision).", error.Message);
        Assert.Equal(1, handler.DisposeCount);
    }

    [Fact]
    public async Task Router_NonDisposableHandlerReusedAfterItsCallEnded_Accepted()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        await harness.EndAsync(await harness.ConnectAsync("call-1", handler));

        var second = await harness.ConnectAsync("call-2", handler);

        Assert.Equal(0, second.Recorder.Count(nameof(IPlatformCall.RejectAsync)));
        Assert.Empty(harness.Logger.WithEvent("RouterFailed"));
    }

    [Fact]
    public async Task CreateCallAsync_HandlerServingALiveCall_ThrowsWithoutPlacing()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        await harness.PlaceAsync("out-1", handler);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-2")] }, handler, CancellationToken.None));

        Assert.Equal("The handler RecordingHandler already serves call out-1. Give each call its own handler instance (create a new one for every decision).", error.Message);
        Assert.Equal(1, harness.Platform.Recorder.Count(nameof(ICallingPlatform.CreateCallAsync)));
        Assert.Equal(1, harness.Manager.ActiveCallCount);
    }

    [Fact]
    public async Task JoinMeetingAsync_HandlerOfACallBeingPlaced_Throws()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        harness.Platform.PrepareOutbound("out-1");
        harness.Platform.Recorder.Hang(nameof(ICallingPlatform.CreateCallAsync));
        var placing = harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-2")] }, handler, CancellationToken.None);
        await Eventually.UntilAsync(() => harness.Platform.Recorder.Count(nameof(ICallingPlatform.CreateCallAsync)) == 1, "placing started");

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.Manager.JoinMeetingAsync(new MeetingJoinRequest { JoinMeetingId = "123456" }, handler, CancellationToken.None));

        Assert.Equal("The handler RecordingHandler already serves a call being placed. Give each call its own handler instance (create a new one for every decision).", error.Message);
        Assert.Equal(0, harness.Platform.Recorder.Count(nameof(ICallingPlatform.JoinMeetingAsync)));
        harness.Platform.Recorder.Release(nameof(ICallingPlatform.CreateCallAsync));
        Assert.Equal("out-1", (await Eventually.WithinAsync(placing, "placing")).CallId);
    }

    [Fact]
    public async Task CreateCallAsync_PlatformFails_HandlerFreeForTheNextCall()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        harness.Platform.Recorder.Fail(nameof(ICallingPlatform.CreateCallAsync), new PlatformException(PlatformErrorKind.Unavailable, "down"));
        await Assert.ThrowsAsync<PlatformException>(() =>
            harness.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("user-2")] }, handler, CancellationToken.None));
        harness.Platform.PrepareOutbound("meeting-1");

        var joined = await harness.Manager.JoinMeetingAsync(new MeetingJoinRequest { JoinMeetingId = "123456" }, handler, CancellationToken.None);

        Assert.Equal("meeting-1", joined.CallId);
        Assert.Equal(nameof(RecordingHandler), joined.HandlerName);
    }
}
