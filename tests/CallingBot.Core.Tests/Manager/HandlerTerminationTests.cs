using CallingBot.Core.Calls;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Tests.Manager;

/// <summary>OnTerminatedAsync gets a token that says "finish promptly", bounded by HandlerTerminationTimeout.</summary>
public sealed class HandlerTerminationTests
{
    [Fact]
    public async Task OnTerminated_Token_CancelledAfterTheConfiguredTimeout()
    {
        await using var harness = new CallManagerHarness(o => o.HandlerTerminationTimeout = TimeSpan.FromSeconds(4));
        var handler = new DisposableRecordingHandler();
        var seen = new TaskCompletionSource<CancellationToken>(TaskCreationOptions.RunContinuationsAsynchronously);
        handler.Hook = async (entry, _, token) =>
        {
            if (entry.StartsWith("Terminated", StringComparison.Ordinal))
            {
                seen.SetResult(token);
                await Task.Delay(Timeout.InfiniteTimeSpan, token);
            }
        };
        var call = await harness.ConnectAsync("call-1", handler);
        call.RaiseEnded();
        var token = await Eventually.WithinAsync(seen.Task, "OnTerminatedAsync called");

        Assert.True(token.CanBeCanceled);
        harness.Time.Advance(TimeSpan.FromSeconds(4) - TimeSpan.FromTicks(1));
        Assert.False(token.IsCancellationRequested);
        Assert.Equal(1, harness.Manager.ActiveCallCount);
        harness.Time.Advance(TimeSpan.FromTicks(1));

        await harness.WaitRemovedAsync("call-1");
        Assert.True(token.IsCancellationRequested);
        Assert.Equal(["Established", "Terminated:200", "Disposed"], handler.Calls);
        Assert.Equal(CallTermination.Normal, harness.SingleRecord("call-1").Termination);
    }

    [Fact]
    public async Task OnTerminated_HandlerIgnoresItsToken_CallRemovedAtTheBoundAndLogged()
    {
        await using var harness = new CallManagerHarness(o => o.HandlerTerminationTimeout = TimeSpan.FromSeconds(2));
        var handler = new DisposableRecordingHandler();
        await EndWhileOnTerminatedStallsAsync(harness, handler, new TaskCompletionSource().Task);

        harness.Time.Advance(TimeSpan.FromSeconds(2));

        await harness.WaitRemovedAsync("call-1");
        Assert.Equal(1, handler.DisposeCount);
        var log = Assert.Single(harness.Logger.WithEvent("HandlerTerminationTimedOut"));
        Assert.Equal(LogLevel.Warning, log.Level);
        Assert.Equal("Handler DisposableRecordingHandler did not finish OnTerminatedAsync within 2 s; the call is removed without waiting", log.Message);
        Assert.Contains(harness.SingleRecord("call-1").Events, e => e.Kind == "handler-timeout" && e.Detail == "OnTerminatedAsync");
        Assert.Equal(0, harness.Measurements.Sum("callingbot.handlers.failures"));
    }

    [Fact]
    public async Task OnTerminated_AbandonedCallbackFailsLater_FailureLogged()
    {
        await using var harness = new CallManagerHarness(o => o.HandlerTerminationTimeout = TimeSpan.FromSeconds(2));
        var late = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await EndWhileOnTerminatedStallsAsync(harness, new RecordingHandler(), late.Task);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        await harness.WaitRemovedAsync("call-1");

        late.SetException(new InvalidOperationException("too late"));

        var log = await Eventually.UntilAsync(() => harness.Logger.WithEvent("HandlerFailed").SingleOrDefault(), "late failure logged");
        Assert.Equal("too late", log.Exception!.Message);
    }

    /// <summary>Connects call-1 with <paramref name="handler"/>, whose OnTerminatedAsync returns <paramref name="stall"/>, and ends it.</summary>
    private static async Task EndWhileOnTerminatedStallsAsync(CallManagerHarness harness, RecordingHandler handler, Task stall)
    {
        handler.Hook = (entry, _, _) => entry.StartsWith("Terminated", StringComparison.Ordinal) ? stall : Task.CompletedTask;
        var call = await harness.ConnectAsync("call-1", handler);
        call.RaiseEnded();
        await Eventually.UntilAsync(() => handler.Calls.Contains("Terminated:200"), "OnTerminatedAsync called");
    }
}
