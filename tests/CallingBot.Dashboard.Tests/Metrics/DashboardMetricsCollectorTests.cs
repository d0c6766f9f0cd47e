using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Metrics;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Dashboard.Tests.Metrics;

/// <summary>The charts' points: one per minute for the configured minutes, from the call manager's instruments.</summary>
public sealed class DashboardMetricsCollectorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 12, 0, 30, TimeSpan.Zero));
    private int _active;

    [Fact]
    public void Snapshot_MeasurementsInTwoMinutes_LandInTheirMinutesAndTheSeriesIsDense()
    {
        using var collector = Collector(minutes: 5);
        collector.Record("callingbot.calls.incoming", observable: false, 1);
        collector.Record("callingbot.calls.outgoing", observable: false, 1);
        collector.Record("callingbot.calls.answer_latency", observable: false, 0.2);
        collector.Record("callingbot.calls.answer_latency", observable: false, 0.6);
        _time.Advance(TimeSpan.FromMinutes(2));
        collector.Record("callingbot.calls.incoming", observable: false, 1);
        collector.Record("callingbot.calls.ended", observable: false, 2);

        var points = collector.Snapshot();

        Assert.Equal(5, points.Count);
        Assert.Equal(new DateTimeOffset(2026, 12, 1, 12, 2, 0, TimeSpan.Zero), points[^1].Minute);
        var first = points[^3];
        Assert.Equal((2L, 2L), (first.Calls, first.Answered));
        Assert.Equal(0.4, first.AnswerLatencyAvg!.Value, precision: 9);
        Assert.Equal(0.6, first.AnswerLatencyMax);
        Assert.Equal((0L, null), (points[^2].Calls, points[^2].AnswerLatencyAvg));
        Assert.Equal((1L, 2L), (points[^1].Calls, points[^1].Ended));
    }

    [Fact]
    public void Snapshot_ActiveCalls_PeakBetweenSamplesIsKeptAndCarriedIntoQuietMinutes()
    {
        using var collector = Collector(minutes: 5);
        collector.Record("callingbot.calls.active", observable: false, 1);
        collector.Record("callingbot.calls.active", observable: false, 1);
        collector.Record("callingbot.calls.active", observable: false, -1);
        _active = 1;
        _time.Advance(TimeSpan.FromMinutes(2));

        var points = collector.Snapshot();

        Assert.Equal(2, points[^3].Active);
        Assert.Equal(1, points[^2].Active);
        Assert.Equal(1, points[^1].Active);
    }

    [Fact]
    public void Snapshot_MediaFrameCounters_AddUpPerMinute()
    {
        using var collector = Collector(minutes: 5);
        collector.Record("callingbot.media.frames_sent", observable: false, 200);
        collector.Record("callingbot.media.frames_late", observable: false, 1);
        collector.Record("callingbot.media.frames_sent", observable: false, 300);
        collector.Record("callingbot.media.frames_late", observable: false, 1);
        _time.Advance(TimeSpan.FromMinutes(1));
        collector.Record("callingbot.media.frames_sent", observable: false, 3000);
        collector.Record("callingbot.media.frames_late", observable: false, 30);

        var points = collector.Snapshot();

        Assert.Equal((500L, 2L), (points[^2].FramesSent, points[^2].LateFrames));
        Assert.Equal((3000L, 30L), (points[^1].FramesSent, points[^1].LateFrames));
    }

    [Fact]
    public void Snapshot_MinutesOlderThanTheWindow_AreForgotten()
    {
        using var collector = Collector(minutes: 5);
        collector.Record("callingbot.calls.incoming", observable: false, 7);
        _time.Advance(TimeSpan.FromMinutes(5));

        var points = collector.Snapshot();

        Assert.All(points, p => Assert.Equal(0, p.Calls));
    }

    private DashboardMetricsCollector Collector(int minutes) =>
        new(() => _active, Options.Create(new DashboardOptions { ChartMinutes = minutes }), _time);
}
