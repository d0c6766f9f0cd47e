using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// CollectDigitsAsync on a live call: tone subscription, the key buffer fed by the notification path, timeouts on the
/// manager's clock and cancellation. The exact timeout boundaries are in <see cref="DigitCollectorTests"/>.
/// </summary>
public sealed class CallContextDigitTests : PlacedCallTestBase
{
    [Fact]
    public async Task CollectDigitsAsync_MaxDigitsReached_CompletesAndLeavesExtraKeysBuffered()
    {
        Call.RaiseTones("12345");

        var first = await Eventually.WithinAsync(Context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 4 }), "first collection");
        var second = await Eventually.WithinAsync(Context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 1 }), "second collection");

        Assert.Equal(new DigitCollectionResult("1234", DigitCollectionOutcome.Completed), first);
        Assert.Equal(new DigitCollectionResult("5", DigitCollectionOutcome.Completed), second);
    }

    [Fact]
    public async Task CollectDigitsAsync_TerminatorPressed_ReturnsDigitsWithoutTerminator()
    {
        var collecting = Context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 6, Terminator = '#' });
        await WaitSubscribedAsync();

        Call.RaiseTones("42#9");

        Assert.Equal(new DigitCollectionResult("42", DigitCollectionOutcome.Terminated), await Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectDigitsAsync_LowercaseKeysAndTerminator_NormalisedToUppercase()
    {
        Call.RaiseTones("a1b*d");

        var result = await Eventually.WithinAsync(Context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 8, Terminator = 'd' }), "collection");

        Assert.Equal(new DigitCollectionResult("A1B*", DigitCollectionOutcome.Terminated), result);
    }

    [Fact]
    public async Task CollectDigitsAsync_NoKeyWithinFirstDigitTimeout_TimesOutEmptyOnTheManagersClock()
    {
        var started = Harness.Time.GetUtcNow();
        var collecting = Context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 4, FirstDigitTimeout = TimeSpan.FromSeconds(8), InterDigitTimeout = TimeSpan.FromSeconds(2) });
        await WaitSubscribedAsync();

        var result = await AdvanceUntilAsync(collecting, TimeSpan.FromSeconds(1), "first-digit timeout");

        Assert.Equal(new DigitCollectionResult(string.Empty, DigitCollectionOutcome.TimedOut), result);
        Assert.True(Harness.Time.GetUtcNow() - started >= TimeSpan.FromSeconds(8));
    }

    [Fact]
    public async Task CollectDigitsAsync_NoKeyWithinInterDigitTimeout_TimesOutWithDigitsSoFar()
    {
        Call.RaiseTones("79");
        var started = Harness.Time.GetUtcNow();
        var collecting = Context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 4, FirstDigitTimeout = TimeSpan.FromSeconds(8), InterDigitTimeout = TimeSpan.FromSeconds(2) });
        await WaitSubscribedAsync();

        var result = await AdvanceUntilAsync(collecting, TimeSpan.FromMilliseconds(500), "inter-digit timeout");

        Assert.Equal(new DigitCollectionResult("79", DigitCollectionOutcome.TimedOut), result);
        Assert.True(Harness.Time.GetUtcNow() - started >= TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task CollectDigitsAsync_CalledRepeatedly_SubscribesToTonesOnce()
    {
        Call.RaiseTones("123");

        await Eventually.WithinAsync(Context.CollectDigitsAsync(new DigitCollectionOptions()), "first collection");
        await Eventually.WithinAsync(Context.CollectDigitsAsync(new DigitCollectionOptions()), "second collection");
        await Eventually.WithinAsync(Context.CollectDigitsAsync(new DigitCollectionOptions()), "third collection");

        Assert.Equal(1, Call.Recorder.Count(nameof(IPlatformCall.SubscribeToTonesAsync)));
    }

    [Fact]
    public async Task CollectDigitsAsync_InvalidOptions_ThrowsWithoutSubscribing()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => Context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 0 }));

        Assert.Equal("MaxDigits", error.ParamName);
        Assert.Empty(Call.Recorder.Operations);
    }

    [Fact]
    public async Task CollectDigitsAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var collecting = Context.CollectDigitsAsync(new DigitCollectionOptions(), cancellation.Token);
        await WaitSubscribedAsync();

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectDigitsAsync_CallEnds_ThrowsOperationCanceled()
    {
        var collecting = Context.CollectDigitsAsync(new DigitCollectionOptions());
        await WaitSubscribedAsync();

        await Harness.EndAsync(Call);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(collecting, "collection"));
        Assert.True(Context.CallEnded.IsCancellationRequested);
    }

    private Task WaitSubscribedAsync() =>
        Eventually.UntilAsync(() => Call.Recorder.Count(nameof(IPlatformCall.SubscribeToTonesAsync)) == 1, "tone subscription");

    /// <summary>Moves the clock by <paramref name="step"/> until <paramref name="task"/> completes, and returns its result.</summary>
    private async Task<T> AdvanceUntilAsync<T>(Task<T> task, TimeSpan step, string phase)
    {
        await Eventually.UntilAsync(
            () =>
            {
                if (!task.IsCompleted)
                {
                    Harness.Time.Advance(step);
                }

                return task.IsCompleted;
            },
            phase);
        return await task;
    }
}
