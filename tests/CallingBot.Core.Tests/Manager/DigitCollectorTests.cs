using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// The collector on its own: with an empty buffer it arms its timeout before it first waits, so the clock can be moved
/// right after the call and the boundaries checked to the tick.
/// </summary>
public sealed class DigitCollectorTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly ToneBuffer _buffer = new();

    [Fact]
    public async Task CollectAsync_NoKeyWithinFirstDigitTimeout_TimesOutAtTheTimeoutExactly()
    {
        var collecting = DigitCollector.CollectAsync(_buffer, new DigitCollectionOptions { MaxDigits = 4, FirstDigitTimeout = TimeSpan.FromSeconds(8), InterDigitTimeout = TimeSpan.FromSeconds(2) }, _time, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(8) - TimeSpan.FromTicks(1));
        Assert.False(collecting.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(new DigitCollectionResult(string.Empty, DigitCollectionOutcome.TimedOut), await Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectAsync_NoKeyWithinInterDigitTimeout_TimesOutAtTheTimeoutExactlyWithDigitsSoFar()
    {
        _buffer.Add('7');
        _buffer.Add('9');
        var collecting = DigitCollector.CollectAsync(_buffer, new DigitCollectionOptions { MaxDigits = 4, FirstDigitTimeout = TimeSpan.FromSeconds(8), InterDigitTimeout = TimeSpan.FromSeconds(2) }, _time, CancellationToken.None);

        _time.Advance(TimeSpan.FromSeconds(2) - TimeSpan.FromTicks(1));
        Assert.False(collecting.IsCompleted);
        _time.Advance(TimeSpan.FromTicks(1));

        Assert.Equal(new DigitCollectionResult("79", DigitCollectionOutcome.TimedOut), await Eventually.WithinAsync(collecting, "collection"));
    }

    [Fact]
    public async Task CollectAsync_BufferedKeysExcluded_OnlyCountsKeysAddedAfterStart()
    {
        _buffer.Add('9');
        _buffer.Add('9');
        var collecting = DigitCollector.CollectAsync(_buffer, new DigitCollectionOptions { MaxDigits = 2, IncludeBufferedKeys = false }, _time, CancellationToken.None);

        _buffer.Add('1');
        _buffer.Add('2');

        Assert.Equal(new DigitCollectionResult("12", DigitCollectionOutcome.Completed), await Eventually.WithinAsync(collecting, "collection"));
    }
}
