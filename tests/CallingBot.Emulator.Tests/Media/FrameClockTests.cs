using CallingBot.Emulator.Media;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Media;

public sealed class FrameClockTests
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly FakeTimeProvider _fake = new(TestTime.Start);

    [Fact]
    public async Task Subscribe_ManySubscribers_ShareOneTimerAndEveryTick()
    {
        var time = new ShiftedTimeProvider(_fake, TimeSpan.Zero);
        await using var clock = new FrameClock(Frame, time, NullLogger.Instance, lead: TimeSpan.Zero);
        var subscribers = Enumerable.Range(0, 50).Select(_ => new RecordingSubscriber(_fake)).ToArray();

        var subscriptions = subscribers.Select(s => clock.Subscribe(s, (tick, _) => s.First = tick)).ToArray();
        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(200), Step);

        // The first subscriber starts the clock with tick 0 at once; the others join from the tick they were told.
        Assert.Equal(1, time.TimersCreated);
        Assert.All(subscribers, s => Assert.Equal(Enumerable.Range((int)s.First, 11 - (int)s.First).Select(t => (long)t), s.Ticks.Select(t => t.Tick)));
        Assert.All(subscribers, s => Assert.InRange(s.First, 0, 1));
        Assert.Equal(11, clock.TicksServed);
        foreach (var subscription in subscriptions)
        {
            subscription.Dispose();
        }
    }

    [Fact]
    public async Task Subscribe_WhileRunning_FirstTickIsTheNextOneWithItsInstant()
    {
        await using var clock = new FrameClock(Frame, _fake, NullLogger.Instance, lead: TimeSpan.Zero);
        using var first = clock.Subscribe(new RecordingSubscriber(_fake), (_, _) => { });
        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(30), Step);
        var late = new RecordingSubscriber(_fake);
        (long Tick, long Timestamp) announced = default;
        var start = _fake.GetTimestamp() - (30 * _fake.TimestampFrequency / 1000);

        using var second = clock.Subscribe(late, (tick, timestamp) => announced = (tick, timestamp));
        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(29), Step);

        Assert.Equal((2L, start + (40 * _fake.TimestampFrequency / 1000)), announced);
        Assert.Equal([2L], late.Ticks.Select(t => t.Tick));
        Assert.Equal(TimeSpan.FromMilliseconds(40), late.Ticks[0].At - TestTime.Start);
    }

    [Fact]
    public async Task TimerFiringBeforeItsInstant_EachTickStillServesItsOwnIndex()
    {
        // System timers round to whole milliseconds: a tick may come a little before the instant it was armed for.
        var time = new ShiftedTimeProvider(_fake, TimeSpan.FromMilliseconds(1));
        await using var clock = new FrameClock(Frame, time, NullLogger.Instance, lead: TimeSpan.Zero);
        var subscriber = new RecordingSubscriber(_fake);

        using var subscription = clock.Subscribe(subscriber, (_, _) => { });
        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(199), Step);

        // Ticks 0 to 10: the tick of 200 ms comes at 199 ms and serves index 10, not 9 again or nothing.
        Assert.Equal(Enumerable.Range(0, 11).Select(t => (long)t), subscriber.Ticks.Select(t => t.Tick));
        Assert.All(subscriber.Ticks.Skip(1), t => Assert.Equal(TimeSpan.FromMilliseconds((t.Tick * 20) - 1), t.At - TestTime.Start));
    }

    [Fact]
    public async Task TimerComingLate_ServesTheNewestDueTickOnce()
    {
        await using var clock = new FrameClock(Frame, _fake, NullLogger.Instance, lead: TimeSpan.Zero);
        var subscriber = new RecordingSubscriber(_fake);
        using var subscription = clock.Subscribe(subscriber, (_, _) => { });

        _fake.Advance(TimeSpan.FromMilliseconds(75)); // the clock jumps: the timer of 20 ms fires at 75 ms
        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(5), Step);

        Assert.Equal([0L, 4L], subscriber.Ticks.Select(t => t.Tick));
    }

    [Fact]
    public async Task LastSubscriberLeaving_StopsTheTimerAndTheNextStartsAgainAtTickZero()
    {
        var time = new ShiftedTimeProvider(_fake, TimeSpan.Zero);
        await using var clock = new FrameClock(Frame, time, NullLogger.Instance, lead: TimeSpan.Zero);
        var first = new RecordingSubscriber(_fake);
        clock.Subscribe(first, (_, _) => { }).Dispose();
        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(100), Step);
        var second = new RecordingSubscriber(_fake);
        long announced = -1;

        using var subscription = clock.Subscribe(second, (tick, _) => announced = tick);
        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(20), Step);

        Assert.Equal([0L], first.Ticks.Select(t => t.Tick));
        Assert.Equal(0, announced);
        Assert.Equal([0L, 1L], second.Ticks.Select(t => t.Tick));
        Assert.Equal(2, time.TimersCreated);
        Assert.Equal(1, clock.Subscribers);
    }

    [Fact]
    public async Task SubscriberThrowing_OthersStillGetTheTick()
    {
        await using var clock = new FrameClock(Frame, _fake, NullLogger.Instance, lead: TimeSpan.Zero);
        var healthy = new RecordingSubscriber(_fake);
        using var failing = clock.Subscribe(new ThrowingSubscriber(), (_, _) => { });
        using var subscription = clock.Subscribe(healthy, (tick, _) => healthy.First = tick);

        _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(40), Step);

        Assert.Equal(Enumerable.Range((int)healthy.First, 3 - (int)healthy.First).Select(t => (long)t), healthy.Ticks.Select(t => t.Tick));
        Assert.Equal(3, clock.TicksServed);
    }

    [Fact]
    public async Task Dispose_ThenSubscribe_Throws()
    {
        var clock = new FrameClock(Frame, _fake, NullLogger.Instance);
        await clock.DisposeAsync();

        Assert.Throws<ObjectDisposedException>(() => clock.Subscribe(new RecordingSubscriber(_fake), (_, _) => { }));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(20, 10)]
    [InlineData(20, -1)]
    public void Constructor_BadPeriodOrLead_Throws(int periodMs, int leadMs) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new FrameClock(TimeSpan.FromMilliseconds(periodMs), _fake, NullLogger.Instance, TimeSpan.FromMilliseconds(leadMs)));

    private sealed class RecordingSubscriber(TimeProvider time) : IFrameClockSubscriber
    {
        public List<(long Tick, DateTimeOffset At)> Ticks { get; } = [];

        public long First { get; set; }

        public void OnTick(long tick)
        {
            lock (Ticks)
            {
                Ticks.Add((tick, time.GetUtcNow()));
            }
        }
    }

    private sealed class ThrowingSubscriber : IFrameClockSubscriber
    {
        public void OnTick(long tick) => throw new InvalidOperationException("broken subscriber");
    }
}
