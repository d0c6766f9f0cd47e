using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Media.Tests.Pipeline;

/// <summary>One shared 20 ms clock pacing many calls' senders from a single timer.</summary>
public sealed class MediaClockTests
{
    private static readonly TimeSpan Frame = AudioFormat.Default.FrameDuration;
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private readonly TimerCountingTimeProvider _time = new();
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public async Task ManySenders_OneTimerForAllAndEveryFrameOnTheGrid()
    {
        await using var clock = new MediaClock(Frame, _time, lead: TimeSpan.Zero);
        var calls = Enumerable.Range(0, 3).Select(i => CreateSender($"call-{i}", clock)).ToList();
        var start = _time.GetTimestamp();

        foreach (var (sender, _) in calls)
        {
            sender.Start();
        }

        Assert.Equal(1, _time.ArmedTimerCount);
        _time.AdvanceInSteps(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1), Step);

        // The idle clock ticks at once for the first sender; the others, started after that tick, begin on the next one.
        Assert.Equal(3, clock.Subscribers);
        Assert.Equal([50, 49, 49], calls.Select(c => c.Transport.Count));
        foreach (var (sender, transport) in calls)
        {
            Assert.Same(clock, sender.Clock);
            var first = (transport.Sent[0].SentAt - start) / Frame.Ticks;
            Assert.All(transport.Sent.Select((frame, n) => (frame, n)), s => Assert.Equal(start + ((first + s.n) * Frame.Ticks), s.frame.SentAt));
        }

        foreach (var (sender, _) in calls)
        {
            await sender.DisposeAsync();
        }

        Assert.Equal(0, clock.Subscribers);
        Assert.Equal(0, _time.ArmedTimerCount);
    }

    [Fact]
    public async Task SenderJoiningARunningClock_StartsOnItsNextTick()
    {
        await using var clock = new MediaClock(Frame, _time, lead: TimeSpan.Zero);
        var (first, _) = CreateSender("call-1", clock);
        var (second, transport) = CreateSender("call-2", clock);
        var start = _time.GetTimestamp();
        first.Start();
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(27), Step);

        second.Start();
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(33), Step);

        Assert.Equal([start + (40 * TimeSpan.TicksPerMillisecond), start + (60 * TimeSpan.TicksPerMillisecond)], transport.Sent.Select(s => s.SentAt));
        Assert.Equal(TimeSpan.Zero, transport.Sent[0].Timestamp);
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task MoreSendersThanAShard_AllServedEveryTick()
    {
        await using var clock = new MediaClock(Frame, _time, lead: TimeSpan.Zero) { ShardSize = 2 };
        var calls = Enumerable.Range(0, 5).Select(i => CreateSender($"call-{i}", clock)).ToList();
        foreach (var (sender, _) in calls)
        {
            sender.Start();
        }

        for (var tick = 1; tick <= 3; tick++)
        {
            var before = calls.Select(c => c.Transport.Count).ToArray();
            _time.Advance(Frame);
            await Eventually.UntilAsync(() => calls.Select((c, i) => c.Transport.Count == before[i] + 1).All(sent => sent), $"every sender sent its frame of tick {tick} (shards run on the thread pool)");
        }

        foreach (var (sender, _) in calls)
        {
            await sender.DisposeAsync();
        }
    }

    [Fact]
    public async Task SenderWithOtherFrameDuration_UsesAPrivateClock()
    {
        await using var clock = new MediaClock(TimeSpan.FromMilliseconds(10), _time);
        var (sender, _) = CreateSender("call-1", clock);

        sender.Start();

        Assert.NotSame(clock, sender.Clock);
        Assert.Equal(0, clock.Subscribers);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task TimerFiringBeforeItsInstant_EachFrameStillLeavesOnItsOwnTick()
    {
        // System timers round to whole milliseconds: a tick may come a little before the instant it was armed for.
        var early = new EarlyTimeProvider(_time, TimeSpan.FromMilliseconds(1));
        await using var clock = new MediaClock(Frame, early, lead: TimeSpan.Zero);
        var transport = new RecordingTransport(early);
        var options = new MediaPipelineOptions { SendLead = TimeSpan.Zero, FramePool = _pool, Clock = clock };
        var sender = new AudioSender("call-1", transport, new MediaStatistics(AudioFormat.Default, early), options, early);
        _ = sender.PlayAsync(new ConstantSource(1));
        var start = _time.GetTimestamp();

        sender.Start();
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(199), Step);

        Assert.Equal(11, transport.Count); // slots 0 to 10: the tick of slot 10 (200 ms) comes at 199 ms
        Assert.All(transport.Sent.Select((frame, n) => (frame, n)), s => Assert.InRange(start + (s.n * Frame.Ticks) - s.frame.SentAt, 0, TimeSpan.TicksPerMillisecond));
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task EightPhases_CallsSpreadOverTheFrame_EachFramePeriodOnItsOwnPhase()
    {
        var halfStep = TimeSpan.FromMilliseconds(0.5);
        await using var clock = new MediaClock(Frame, _time, lead: TimeSpan.Zero) { Phases = 8 };
        var calls = Enumerable.Range(0, 16).Select(i => CreateSender($"call-{i}", clock)).ToList();
        var start = _time.GetTimestamp();
        foreach (var (sender, _) in calls)
        {
            sender.Start();
        }

        _time.AdvanceInSteps(TimeSpan.FromSeconds(1), halfStep);

        // Every call sends on one of the 8 sub-ticks 2.5 ms apart, two calls on each, and every frame one period after the last.
        var phases = calls.Select(c => (c.Transport.Sent[0].SentAt - start) % Frame.Ticks).ToList();
        Assert.Equal(Enumerable.Range(0, 8).Select(i => i * Frame.Ticks / 8), phases.Distinct().Order());
        Assert.All(phases.CountBy(phase => phase), group => Assert.Equal(2, group.Value));
        foreach (var (_, transport) in calls)
        {
            var first = transport.Sent[0].SentAt;
            Assert.All(transport.Sent.Select((frame, n) => (frame, n)), s => Assert.Equal(first + (s.n * Frame.Ticks), s.frame.SentAt));
        }

        foreach (var (sender, _) in calls)
        {
            await sender.DisposeAsync();
        }

        Assert.Equal(0, _time.ArmedTimerCount);
    }

    [Fact]
    public async Task EightPhases_OneCall_TimerWakesOncePerFrame()
    {
        await using var clock = new MediaClock(Frame, _time, lead: TimeSpan.Zero) { Phases = 8 };
        var (sender, transport) = CreateSender("call-1", clock);

        sender.Start();
        _time.AdvanceInSteps(TimeSpan.FromSeconds(1) - TimeSpan.FromTicks(1), TimeSpan.FromMilliseconds(0.5));

        Assert.Equal(50, transport.Count);
        Assert.Equal(50, clock.TicksServed); // the seven empty phases are skipped, not woken for
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task EightPhases_CallJoiningBeforeTheArmedSubTick_WakesTheClockForItsOwn()
    {
        await using var clock = new MediaClock(Frame, _time, lead: TimeSpan.Zero) { Phases = 8 };
        var (first, firstTransport) = CreateSender("call-1", clock);
        var (second, secondTransport) = CreateSender("call-2", clock);
        var start = _time.GetTimestamp();
        first.Start();
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(5), TimeSpan.FromMilliseconds(0.5));

        // The clock sleeps until 20 ms (the first call's next tick); the second call takes the next free sub-tick, 7.5 ms.
        second.Start();
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(45), TimeSpan.FromMilliseconds(0.5));

        var ms = TimeSpan.TicksPerMillisecond;
        Assert.Equal([start, start + (20 * ms), start + (40 * ms)], firstTransport.Sent.Select(s => s.SentAt));
        Assert.Equal([start + (75 * ms / 10), start + (275 * ms / 10), start + (475 * ms / 10)], secondTransport.Sent.Select(s => s.SentAt));
        await first.DisposeAsync();
        await second.DisposeAsync();
    }

    [Fact]
    public async Task EightPhases_LateTimer_ServesEveryPhaseItPassedOnce()
    {
        await using var clock = new MediaClock(Frame, _time, lead: TimeSpan.Zero) { Phases = 8 };
        var calls = Enumerable.Range(0, 8).Select(i => CreateSender($"call-{i}", clock)).ToList();
        foreach (var (sender, _) in calls)
        {
            sender.Start();
        }

        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(19.5), TimeSpan.FromMilliseconds(0.5));
        Assert.All(calls, c => Assert.Equal(1, c.Transport.Count));
        var firings = clock.TicksServed;

        // The machine stalls for 9 ms: the next firing serves the four sub-ticks due by then (20 to 27.5 ms) in one go.
        _time.Advance(TimeSpan.FromMilliseconds(9));

        Assert.Equal(firings + 1, clock.TicksServed);
        Assert.Equal([2, 2, 2, 2, 1, 1, 1, 1], calls.Select(c => c.Transport.Count));
        foreach (var (sender, _) in calls)
        {
            await sender.DisposeAsync();
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    [InlineData(10)] // a 2 ms sub-tick is not more than twice the 1 ms lead
    public void Phases_OutOfRange_Throws(int phases) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaClock(Frame, _time) { Phases = phases });

    [Theory]
    [InlineData(0)]
    [InlineData(-20)]
    public void Constructor_NonPositivePeriod_Throws(int milliseconds) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaClock(TimeSpan.FromMilliseconds(milliseconds), _time));

    [Fact]
    public void Constructor_LeadOfHalfThePeriod_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new MediaClock(Frame, _time, lead: TimeSpan.FromMilliseconds(10)));

    private (AudioSender Sender, RecordingTransport Transport) CreateSender(string callId, MediaClock clock)
    {
        var transport = new RecordingTransport(_time);
        var options = new MediaPipelineOptions { SendLead = TimeSpan.Zero, FramePool = _pool, Clock = clock };
        var sender = new AudioSender(callId, transport, new MediaStatistics(AudioFormat.Default, _time), options, _time);
        _ = sender.PlayAsync(new ConstantSource(1));
        return (sender, transport);
    }

    /// <summary>A clock whose timers fire up to <c>early</c> before the time they were armed for.</summary>
    private sealed class EarlyTimeProvider(TimerCountingTimeProvider inner, TimeSpan early) : TimeProvider
    {
        public override long TimestampFrequency => inner.TimestampFrequency;

        public override long GetTimestamp() => inner.GetTimestamp();

        public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            var timer = new EarlyTimer(inner.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan), early);
            timer.Change(dueTime, period);
            return timer;
        }

        private sealed class EarlyTimer(ITimer timer, TimeSpan early) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) =>
                timer.Change(dueTime == Timeout.InfiniteTimeSpan || dueTime <= early ? dueTime : dueTime - early, period);

            public void Dispose() => timer.Dispose();

            public ValueTask DisposeAsync() => timer.DisposeAsync();
        }
    }
}
