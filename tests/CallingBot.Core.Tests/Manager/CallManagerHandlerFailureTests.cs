using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Tests.Manager;

public sealed class CallManagerHandlerFailureTests
{
    private static readonly ParticipantInfo Alice = new("p-alice", ParticipantIdentity.User("alice"));

    private static RecordingHandler ThrowingIn(string entry, Exception? failure = null) => new()
    {
        Hook = (e, _, _) => e == entry ? throw (failure ?? new InvalidOperationException($"{entry} failed")) : Task.CompletedTask,
    };

    [Fact]
    public async Task Handler_ThrowsInOnEstablished_HangsUpOnceLogsCountsAndStillTerminates()
    {
        await using var harness = new CallManagerHarness();
        var failure = new InvalidOperationException("menu missing");
        var handler = ThrowingIn("Established", failure);

        var call = await harness.ConnectAsync("call-1", handler);

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "hang-up after failure");
        var error = Assert.Single(harness.Logger.WithEvent("HandlerFailed"));
        Assert.Equal(LogLevel.Error, error.Level);
        Assert.Equal("Handler RecordingHandler failed in OnEstablishedAsync; hanging up", error.Message);
        Assert.Same(failure, error.Exception);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.handlers.failures"));

        call.RaiseParticipants(joined: [Alice]);
        call.RaiseTones("1");
        await harness.EndAsync(call);

        Assert.Equal(["Established", "Terminated:500"], handler.Calls);
        Assert.Equal(CallTermination.HandlerFailed, handler.Termination);
        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        var record = harness.SingleRecord("call-1");
        Assert.Equal(CallTermination.HandlerFailed, record.Termination);
        Assert.Contains(record.Events, e => e.Kind == "handler-failed" && e.Detail == "OnEstablishedAsync: InvalidOperationException");
    }

    [Fact]
    public async Task Handler_ThrowsAgainOnLaterEvents_HangsUpOnlyOnce()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler { Hook = (e, _, _) => e.StartsWith("Joined", StringComparison.Ordinal) ? throw new InvalidOperationException("boom") : Task.CompletedTask };
        var call = await harness.ConnectAsync("call-1", handler);

        call.RaiseParticipants(joined: [Alice]);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "hang-up after failure");
        call.RaiseParticipants(joined: [Alice with { Id = "p-2" }]);
        call.Raise(new ContentSharingChanged("call-1", "s", Started: true));
        await harness.EndAsync(call);

        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(["Established", "Joined:p-alice", "Terminated:500"], handler.Calls);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.handlers.failures"));
    }

    [Fact]
    public async Task Handler_Throws_OtherCallsUnaffected()
    {
        await using var harness = new CallManagerHarness();
        var failing = ThrowingIn("Joined:p-alice");
        var healthy = new RecordingHandler();
        var call1 = await harness.ConnectAsync("call-1", failing);
        var call2 = await harness.ConnectAsync("call-2", healthy);

        call1.RaiseParticipants(joined: [Alice]);
        await Eventually.UntilAsync(() => call1.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "failing call hung up");
        call2.RaiseParticipants(joined: [Alice]);

        await Eventually.UntilAsync(() => healthy.Calls.Contains("Joined:p-alice"), "healthy call served");
        Assert.Equal([nameof(IPlatformCall.AnswerAsync)], call2.Recorder.Names);
        Assert.Equal(2, harness.Manager.ActiveCallCount);
        Assert.Equal(CallState.Established, harness.Manager.GetCall("call-2")!.State);
    }

    [Fact]
    public async Task Handler_HangUpAfterFailureFails_LoggedAndCallRemovedWhenServiceEndsIt()
    {
        await using var harness = new CallManagerHarness();
        var handler = ThrowingIn("Established");
        Router(harness, handler);
        var call = harness.Platform.NewCall("call-1");
        call.Recorder.Fail(nameof(IPlatformCall.HangUpAsync), new HttpRequestException("404 call not found"));
        harness.Platform.RaiseIncoming(call, harness.Info("call-1"));
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");

        call.RaiseState(CallState.Established);

        await Eventually.UntilAsync(() => harness.Logger.WithEvent("HangUpFailed").Count == 1, "hang-up failure logged");
        Assert.IsType<HttpRequestException>(harness.Logger.WithEvent("HangUpFailed")[0].Exception);
        await harness.EndAsync(call);
        Assert.Equal(0, harness.Manager.ActiveCallCount);
        Assert.Equal(["Established", "Terminated:500"], handler.Calls);
    }

    [Fact]
    public async Task Handler_ThrowsInOnTerminated_CountedLoggedAndCallStillRemoved()
    {
        await using var harness = new CallManagerHarness();
        var handler = ThrowingIn("Terminated:200");
        var call = await harness.ConnectAsync("call-1", handler);

        await harness.EndAsync(call);

        Assert.Equal(1, harness.Measurements.Sum("callingbot.handlers.failures"));
        Assert.Equal("Handler RecordingHandler failed in OnTerminatedAsync; hanging up", Assert.Single(harness.Logger.WithEvent("HandlerFailed")).Message);
        Assert.Equal(0, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal("answered", harness.SingleRecord("call-1").Outcome);
    }

    [Fact]
    public async Task Handler_AsyncDisposable_DisposedOnceAfterOnTerminated()
    {
        await using var harness = new CallManagerHarness();
        var handler = new DisposableRecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        await harness.EndAsync(call);

        Assert.Equal(1, handler.DisposeCount);
        Assert.Equal(["Established", "Terminated:200", "Disposed"], handler.Calls);
    }

    [Fact]
    public async Task Handler_SyncDisposable_DisposedOnRemoval()
    {
        await using var harness = new CallManagerHarness();
        var handler = new SyncDisposableRecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);

        await harness.EndAsync(call);

        Assert.Equal(1, handler.DisposeCount);
        Assert.Equal(["Established", "Terminated:200", "Disposed"], handler.Calls);
    }

    [Fact]
    public async Task Handler_DisposeThrows_LoggedAndCallStillRecorded()
    {
        await using var harness = new CallManagerHarness();
        var handler = new DisposableRecordingHandler { DisposeFailure = new ObjectDisposedException("media") };
        var call = await harness.ConnectAsync("call-1", handler);

        await harness.EndAsync(call);

        Assert.Equal("Handler DisposableRecordingHandler failed in DisposeAsync; hanging up", Assert.Single(harness.Logger.WithEvent("HandlerFailed")).Message);
        Assert.Equal("answered", harness.SingleRecord("call-1").Outcome);
        Assert.Equal(0, harness.Manager.ActiveCallCount);
    }

    private static void Router(CallManagerHarness harness, RecordingHandler handler) => harness.Router.Answer(() => handler);
}
