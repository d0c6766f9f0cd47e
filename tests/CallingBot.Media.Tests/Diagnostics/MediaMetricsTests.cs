using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Media.Tests.Diagnostics;

/// <summary>The process-wide instruments follow the per-call counters of every statistics object that shares them.</summary>
public sealed class MediaMetricsTests : IDisposable
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.MinValue);
    private readonly AudioFramePool _pool = new(AudioFormat.Default);
    private readonly MediaMetrics _metrics = new();
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, string Tags)> _measurements = new();

    public MediaMetricsTests()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            // Only this test's meter: other tests' pipelines run in parallel with meters of the same name.
            if (ReferenceEquals(instrument.Meter, MeterOf(_metrics)))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, Describe(tags))));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, Describe(tags))));
        _listener.Start();
    }

    public void Dispose()
    {
        _listener.Dispose();
        _metrics.Dispose();
    }

    [Fact]
    public void Counters_TwoCallsSharingTheInstruments_SumBothCallsWithTheirTags()
    {
        var first = new MediaStatistics(AudioFormat.Default, _clock, _metrics);
        var second = new MediaStatistics(AudioFormat.Default, _clock, _metrics);

        foreach (var index in new long[] { 0, 1, 4 })
        {
            Receive(first, index);
        }

        Receive(second, 0);
        first.RecordDropped();
        second.RecordSent(TimeSpan.FromMilliseconds(1), late: false);
        second.RecordSent(TimeSpan.FromMilliseconds(9), late: true);
        second.RecordOutboundDropped();
        first.RecordVideoReceived();
        first.RecordVideoDropped();

        Assert.Equal(4, Sum("callingbot.media.frames_received", "kind=audio"));
        Assert.Equal(1, Sum("callingbot.media.frames_received", "kind=video"));
        Assert.Equal(2, Sum("callingbot.media.frames_missing", ""));
        Assert.Equal(2, Sum("callingbot.media.frames_sent", ""));
        Assert.Equal(1, Sum("callingbot.media.frames_late", ""));
        Assert.Equal(1, Sum("callingbot.media.frames_dropped", "direction=inbound,kind=audio"));
        Assert.Equal(1, Sum("callingbot.media.frames_dropped", "direction=outbound,kind=audio"));
        Assert.Equal(1, Sum("callingbot.media.frames_dropped", "direction=inbound,kind=video"));
        Assert.Equal(first.FramesReceived + second.FramesReceived, Sum("callingbot.media.frames_received", "kind=audio"));
    }

    [Fact]
    public void Jitter_SampledOncePerSecondOfEachSource_InSeconds()
    {
        var statistics = new MediaStatistics(AudioFormat.Default, _clock, _metrics);

        // Every second frame arrives 8 ms late: the estimator settles near 8 ms.
        for (var i = 0; i <= 2 * MediaMetrics.JitterSampleInterval; i++)
        {
            var late = i % 2 == 1 ? TimeSpan.FromMilliseconds(8) : TimeSpan.Zero;
            _clock.Advance(late);
            Receive(statistics, i, "8:acs:a");
            Receive(statistics, i, "8:acs:b");
            _clock.Advance(TimeSpan.FromMilliseconds(20) - late);
        }

        var samples = _measurements.Where(m => m.Instrument == "callingbot.media.jitter").Select(m => m.Value).ToArray();
        Assert.Equal(4, samples.Length);
        Assert.All(samples, s => Assert.InRange(s, 0.004, 0.009));
        Assert.Equal(statistics.Jitter.TotalSeconds, samples[^1], 4);
    }

    [Fact]
    public void Statistics_WithoutInstruments_CountOnlyPerCall()
    {
        var statistics = new MediaStatistics(AudioFormat.Default, _clock);

        Receive(statistics, 0);
        statistics.RecordSent(TimeSpan.Zero, late: false);

        Assert.Equal(1, statistics.FramesReceived);
        Assert.Empty(_measurements);
    }

    private double Sum(string instrument, string tags) =>
        _measurements.Where(m => m.Instrument == instrument && m.Tags == tags).Sum(m => m.Value);

    private void Receive(MediaStatistics statistics, long index, string? participant = null)
    {
        using var frame = Frames.Constant(_pool, 0, index, participant);
        statistics.RecordReceived(frame, _clock.GetTimestamp());
    }

    private static Meter MeterOf(MediaMetrics metrics) => metrics.FramesSent.Meter;

    private static string Describe(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var parts = new List<string>();
        foreach (var tag in tags)
        {
            parts.Add($"{tag.Key}={tag.Value}");
        }

        parts.Sort(StringComparer.Ordinal);
        return string.Join(',', parts);
    }
}
