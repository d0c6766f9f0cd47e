using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Tests.Fakes;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Media.Tests.Diagnostics;

public class MediaStatisticsTests
{
    // FakeTimeProvider's timestamps are its UTC ticks. Starting at tick zero keeps them as small as a Stopwatch's, so
    // the jitter estimator's floating-point arithmetic on arrival times is exact and the assertions can be too.
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.MinValue);
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public void RecordReceived_GapInMediaTimestamps_CountsMissingFrames()
    {
        var statistics = new MediaStatistics(AudioFormat.Default, _clock);

        foreach (var index in new long[] { 0, 1, 2, 5, 6, 4 })
        {
            Receive(statistics, index);
        }

        Assert.Equal(6, statistics.FramesReceived);
        Assert.Equal(2, statistics.MissingFrames);
        Assert.Equal(1, statistics.OutOfOrderFrames);
    }

    [Fact]
    public void RecordReceived_ArrivalsOnTheMediaClock_HaveZeroJitter()
    {
        var statistics = new MediaStatistics(AudioFormat.Default, _clock);

        for (var i = 0; i < 100; i++)
        {
            Receive(statistics, i);
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(TimeSpan.Zero, statistics.Jitter);
    }

    [Fact]
    public void RecordReceived_OneLateArrival_FollowsRfc3550Estimator()
    {
        var statistics = new MediaStatistics(AudioFormat.Default, _clock);
        Receive(statistics, 0);
        _clock.Advance(TimeSpan.FromMilliseconds(28));

        Receive(statistics, 1);
        Assert.Equal(TimeSpan.FromMilliseconds(8.0 / 16), statistics.Jitter);

        _clock.Advance(TimeSpan.FromMilliseconds(12));
        Receive(statistics, 2);

        // J = 0.5 ms + (|−8 ms| − 0.5 ms) / 16 = 0.96875 ms
        Assert.Equal(TimeSpan.FromTicks(9688), statistics.Jitter);
    }

    [Fact]
    public void RecordReceived_UnmixedParticipantsInterleaved_TrackedPerSource()
    {
        var statistics = new MediaStatistics(AudioFormat.Default, _clock);

        for (var i = 0; i < 10; i++)
        {
            Receive(statistics, i, "8:acs:a");
            Receive(statistics, i, "8:acs:b");
            _clock.Advance(TimeSpan.FromMilliseconds(20));
        }

        Assert.Equal(20, statistics.FramesReceived);
        Assert.Equal(0, statistics.MissingFrames);
        Assert.Equal(0, statistics.OutOfOrderFrames);
        Assert.Equal(TimeSpan.Zero, statistics.Jitter);
    }

    [Fact]
    public void GetPercentile_RecordedDelays_ReturnsBucketUpperEdgeOrMax()
    {
        var histogram = new LatencyHistogram();
        for (var i = 0; i < 99; i++)
        {
            histogram.Record(TimeSpan.FromMilliseconds(1));
        }

        histogram.Record(TimeSpan.FromMilliseconds(30));

        Assert.Equal(100, histogram.Count);
        Assert.Equal(TimeSpan.FromMicroseconds(1025), histogram.GetPercentile(50));
        Assert.Equal(TimeSpan.FromMicroseconds(1025), histogram.GetPercentile(99));
        Assert.Equal(TimeSpan.FromMilliseconds(30), histogram.GetPercentile(100));
        Assert.Equal(TimeSpan.FromMilliseconds(30), histogram.Max);
        Assert.Equal(TimeSpan.FromMicroseconds(1290), histogram.Mean);
    }

    [Fact]
    public void GetPercentile_DelaysBeyondFineRange_UseFiveMillisecondBuckets()
    {
        var histogram = new LatencyHistogram();
        histogram.Record(TimeSpan.FromMilliseconds(100));
        histogram.Record(TimeSpan.FromMilliseconds(200));
        histogram.Record(TimeSpan.FromSeconds(3));

        Assert.Equal(TimeSpan.FromMilliseconds(105), histogram.GetPercentile(33));
        Assert.Equal(TimeSpan.FromMilliseconds(205), histogram.GetPercentile(66));
        Assert.Equal(TimeSpan.FromSeconds(3), histogram.GetPercentile(99));
    }

    [Fact]
    public void Add_TwoHistograms_MergesCountsAndMax()
    {
        var a = new LatencyHistogram();
        var b = new LatencyHistogram();
        a.Record(TimeSpan.FromMilliseconds(1));
        b.Record(TimeSpan.FromMilliseconds(3));

        a.Add(b);

        Assert.Equal(2, a.Count);
        Assert.Equal(TimeSpan.FromMilliseconds(3), a.Max);
        Assert.Equal(TimeSpan.FromMilliseconds(3), a.GetPercentile(100));
        Assert.Equal(TimeSpan.FromMicroseconds(1025), a.GetPercentile(50));
    }

    private void Receive(MediaStatistics statistics, long index, string? participant = null)
    {
        using var frame = Frames.Constant(_pool, 0, index, participant);
        statistics.RecordReceived(frame, _clock.GetTimestamp());
    }
}
