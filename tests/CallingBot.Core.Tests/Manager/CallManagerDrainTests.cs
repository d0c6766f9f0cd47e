using CallingBot.Core.Calls;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// The drain past its timeout: one hang-up per call, the service's confirmation awaited within the hang-up timeout,
/// unconfirmed calls dropped without another request, and nothing sent once the drain is over.
/// </summary>
public sealed class CallManagerDrainTests
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan HangUpTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DrainAsync_HangUpConfirmedWithinTheTimeout_CompletesOnceTheCallIsRemoved()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        var drain = harness.Manager.DrainAsync(DrainTimeout, HangUpTimeout, CancellationToken.None);

        harness.Time.Advance(DrainTimeout);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "hang-up sent");
        Assert.False(drain.IsCompleted, "the drain waits for the service's confirmation");
        call.RaiseEnded(new CallTermination(200, 5000, "The application ended the call."));

        await Eventually.WithinAsync(drain, "drain");
        Assert.Equal(5000, handler.Termination!.Subcode);
        Assert.Equal("Draining: done after 30.0 s (1 call(s) hung up by the bot, 0 dropped without confirmation)", Assert.Single(harness.Logger.WithEvent("DrainCompleted")).Message);
        Assert.Empty(harness.Logger.WithEvent("DrainCallsDropped"));
    }

    [Fact]
    public async Task DrainAsync_HangUpNeverConfirmed_DropsTheCallWithoutAnotherRequest()
    {
        var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        var drain = harness.Manager.DrainAsync(DrainTimeout, HangUpTimeout, CancellationToken.None);
        harness.Time.Advance(DrainTimeout);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "hang-up sent");

        harness.Time.Advance(HangUpTimeout);

        await Eventually.WithinAsync(drain, "drain");
        Assert.Equal(0, harness.Manager.ActiveCallCount);
        Assert.Equal(CallTermination.BotShutdown, handler.Termination);
        Assert.Equal(CallTermination.BotShutdown, harness.SingleRecord("call-1").Termination);
        Assert.Contains(harness.SingleRecord("call-1").Events, e => e.Kind == "dropped");
        Assert.Equal("Draining: 1 call(s) not confirmed ended 10 s after their hang-up; dropped without further requests", Assert.Single(harness.Logger.WithEvent("DrainCallsDropped")).Message);
        Assert.Equal(1, harness.Measurements.Sum("callingbot.calls.dropped", "reason", "shutdown"));

        // Disposing the manager after a drain sends nothing.
        await harness.DisposeAsync();
        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
    }

    [Fact]
    public async Task DrainAsync_HangUpStillOnItsWayWhenTheTimeoutEnds_CancelsItAndDropsTheCall()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        call.Recorder.Hang(nameof(IPlatformCall.HangUpAsync));
        var drain = harness.Manager.DrainAsync(DrainTimeout, HangUpTimeout, CancellationToken.None);
        harness.Time.Advance(DrainTimeout);
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)) == 1, "hang-up sent");

        harness.Time.Advance(HangUpTimeout);

        await Eventually.WithinAsync(drain, "drain");
        Assert.True(call.Recorder.OnlyOperation(nameof(IPlatformCall.HangUpAsync)).CancellationToken.IsCancellationRequested, "the request is cancelled when the timeout ends");
        Assert.Equal(CallTermination.BotShutdown, handler.Termination);
        Assert.Single(harness.Logger.WithEvent("DrainCallsDropped"));
    }

    [Fact]
    public async Task DrainAsync_HangUpFails_DropsTheCallAtOnceLoggingTheDrain()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        call.Recorder.Fail(nameof(IPlatformCall.HangUpAsync), new PlatformException(PlatformErrorKind.Unavailable, "503"));
        var drain = harness.Manager.DrainAsync(DrainTimeout, HangUpTimeout, CancellationToken.None);

        harness.Time.Advance(DrainTimeout);

        await Eventually.WithinAsync(drain, "drain");
        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(CallTermination.BotShutdown, handler.Termination);
        Assert.Equal("Draining: hanging up the call failed; it is dropped without the service's confirmation", Assert.Single(harness.Logger.WithEvent("DrainHangUpFailed")).Message);
        Assert.Empty(harness.Logger.WithEvent("HangUpFailed"));
        Assert.Equal("Draining: done after 30.0 s (1 call(s) hung up by the bot, 1 dropped without confirmation)", Assert.Single(harness.Logger.WithEvent("DrainCompleted")).Message);
    }

    [Fact]
    public async Task DrainAsync_HandlerAlreadyHungUp_DoesNotHangUpAgain()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        await handler.Context!.HangUpAsync();
        var drain = harness.Manager.DrainAsync(DrainTimeout, HangUpTimeout, CancellationToken.None);

        harness.Time.Advance(DrainTimeout);
        await Eventually.UntilAsync(() => harness.Logger.WithEvent("DrainTimeout").Count == 1, "drain timeout reached");
        call.RaiseEnded();

        await Eventually.WithinAsync(drain, "drain");
        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
    }

    [Fact]
    public async Task HangUpAsync_WhileAnotherIsOnItsWay_SendsOneRequestForBoth()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        call.Recorder.Hang(nameof(IPlatformCall.HangUpAsync));

        var first = handler.Context!.HangUpAsync();
        var second = handler.Context.HangUpAsync();
        call.Recorder.Release(nameof(IPlatformCall.HangUpAsync));

        await Eventually.WithinAsync(Task.WhenAll(first, second), "both hang-ups complete");
        Assert.Equal(1, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
    }

    [Fact]
    public async Task HangUpAsync_AfterAFailedOne_IsSentAgain()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        call.Recorder.Fail(nameof(IPlatformCall.HangUpAsync), new PlatformException(PlatformErrorKind.Unavailable, "503"));
        await Assert.ThrowsAsync<PlatformException>(() => handler.Context!.HangUpAsync());

        await Assert.ThrowsAsync<PlatformException>(() => handler.Context!.HangUpAsync());

        Assert.Equal(2, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
    }

    [Fact]
    public async Task DrainAsync_HostGivesUp_DropsEveryCallWithoutRequestsAndReturns()
    {
        await using var harness = new CallManagerHarness();
        var handler = new RecordingHandler();
        var call = await harness.ConnectAsync("call-1", handler);
        using var host = new CancellationTokenSource();
        var drain = harness.Manager.DrainAsync(DrainTimeout, HangUpTimeout, host.Token);

        await host.CancelAsync();

        await Eventually.WithinAsync(drain, "drain");
        await harness.WaitRemovedAsync("call-1");
        Assert.Equal(0, call.Recorder.Count(nameof(IPlatformCall.HangUpAsync)));
        Assert.Equal(CallTermination.BotShutdown, handler.Termination);
        Assert.Equal("Draining: stopped by the host's shutdown timeout; 1 call(s) dropped without further requests", Assert.Single(harness.Logger.WithEvent("DrainCancelled")).Message);
    }

    [Fact]
    public async Task IncomingCall_WhileDraining_LogsTheDrainNotCapacity()
    {
        await using var harness = new CallManagerHarness();
        await harness.Manager.DrainAsync(DrainTimeout, HangUpTimeout, CancellationToken.None);

        var call = harness.RaiseIncoming("call-1");

        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.RejectAsync)) == 1, "busy reject");
        Assert.Equal("Draining: incoming call rejected as busy; the bot is shutting down", Assert.Single(harness.Logger.WithEvent("RefusedWhileDraining")).Message);
        Assert.Empty(harness.Logger.WithEvent("AtCapacity"));
    }
}
