using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>CollectDigitsAsync on a placed (not yet established) call, so the only timers are the collector's.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "Disposed in IAsyncLifetime.DisposeAsync.")]
public sealed class CallContextDigitTests : IAsyncLifetime
{
    private readonly CallManagerHarness _harness = new();
    private FakePlatformCall _call = null!;
    private ICallContext _context = null!;

    public async Task InitializeAsync()
    {
        _call = await _harness.PlaceAsync("out-1", new RecordingHandler());
        _context = _harness.Manager.FindCall("out-1")!;
    }

    public async Task DisposeAsync() => await _harness.DisposeAsync();

    [Fact]
    public async Task CollectDigitsAsync_MaxDigitsReached_CompletesAndLeavesExtraKeysBuffered()
    {
        _call.RaiseTones("12345");

        var first = await Eventually.WithinAsync(_context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 4 }), "first collection");
        var second = await Eventually.WithinAsync(_context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 1 }), "second collection");

        Assert.Equal(new DigitCollectionResult("1234", DigitCollectionOutcome.Completed), first);
        Assert.Equal(new DigitCollectionResult("5", DigitCollectionOutcome.Completed), second);
    }

    [Fact]
    public async Task CollectDigitsAsync_TerminatorPressed_ReturnsDigitsWithoutTerminator()
    {
        var collecting = _context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 6, Terminator = '#' });
        await WaitForTimerAsync("first-digit timer");

        _call.RaiseTones("42#9");

        Assert.Equal(new DigitCollectionResult("42", DigitCollectionOutcome.Terminated), await Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectDigitsAsync_LowercaseKeysAndTerminator_NormalisedToUppercase()
    {
        _call.RaiseTones("a1b*d");

        var result = await Eventually.WithinAsync(_context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 8, Terminator = 'd' }), "collection");

        Assert.Equal(new DigitCollectionResult("A1B*", DigitCollectionOutcome.Terminated), result);
    }

    [Fact]
    public async Task CollectDigitsAsync_NoKeyWithinFirstDigitTimeout_TimesOutEmpty()
    {
        var options = new DigitCollectionOptions { MaxDigits = 4, FirstDigitTimeout = TimeSpan.FromSeconds(8), InterDigitTimeout = TimeSpan.FromSeconds(2) };
        var collecting = _context.CollectDigitsAsync(options);
        await WaitForTimerAsync("first-digit timer");

        _harness.Time.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1));
        Assert.False(collecting.IsCompleted);
        _harness.Time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(new DigitCollectionResult(string.Empty, DigitCollectionOutcome.TimedOut), await Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectDigitsAsync_NoKeyWithinInterDigitTimeout_TimesOutWithDigitsSoFar()
    {
        _call.RaiseTones("79");
        var options = new DigitCollectionOptions { MaxDigits = 4, FirstDigitTimeout = TimeSpan.FromSeconds(8), InterDigitTimeout = TimeSpan.FromSeconds(2) };
        var collecting = _context.CollectDigitsAsync(options);
        await WaitForTimerAsync("inter-digit timer");

        _harness.Time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.False(collecting.IsCompleted);
        _harness.Time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(new DigitCollectionResult("79", DigitCollectionOutcome.TimedOut), await Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectDigitsAsync_BufferedKeysExcluded_OnlyCountsKeysPressedAfterStart()
    {
        _call.RaiseTones("99");
        var collecting = _context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 2, IncludeBufferedKeys = false });
        await WaitForTimerAsync("first-digit timer");

        _call.RaiseTones("12");

        Assert.Equal(new DigitCollectionResult("12", DigitCollectionOutcome.Completed), await Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectDigitsAsync_CalledRepeatedly_SubscribesToTonesOnce()
    {
        _call.RaiseTones("123");

        await Eventually.WithinAsync(_context.CollectDigitsAsync(new DigitCollectionOptions()), "first collection");
        await Eventually.WithinAsync(_context.CollectDigitsAsync(new DigitCollectionOptions()), "second collection");
        await Eventually.WithinAsync(_context.CollectDigitsAsync(new DigitCollectionOptions()), "third collection");

        Assert.Equal(1, _call.Recorder.Count(nameof(IPlatformCall.SubscribeToTonesAsync)));
    }

    [Fact]
    public async Task CollectDigitsAsync_InvalidOptions_ThrowsWithoutSubscribing()
    {
        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _context.CollectDigitsAsync(new DigitCollectionOptions { MaxDigits = 0 }));

        Assert.Equal("MaxDigits", error.ParamName);
        Assert.Empty(_call.Recorder.Operations);
    }

    [Fact]
    public async Task CollectDigitsAsync_CallerCancels_ThrowsOperationCanceled()
    {
        using var cancellation = new CancellationTokenSource();
        var collecting = _context.CollectDigitsAsync(new DigitCollectionOptions(), cancellation.Token);
        await WaitForTimerAsync("first-digit timer");

        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectDigitsAsync_CallEnds_ThrowsOperationCanceled()
    {
        var collecting = _context.CollectDigitsAsync(new DigitCollectionOptions());
        await WaitForTimerAsync("first-digit timer");

        await _harness.EndAsync(_call);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Eventually.WithinAsync(collecting, "collection"));
        Assert.True(_context.CallEnded.IsCancellationRequested);
    }

    private Task WaitForTimerAsync(string phase) => Eventually.UntilAsync(() => _harness.Time.ActiveTimerCount == 1, phase);
}
