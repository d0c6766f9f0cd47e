using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Media;

/// <summary>
/// One frame clock for every media stream of the emulator: a single timer ticks every <see cref="Period"/> and tells
/// each subscribed stream which tick is due, instead of every stream arming a timer of its own for every frame.
/// Tick n is due at start + n × period, computed from the start each time, so timer lateness never accumulates into
/// drift; the timer is armed <see cref="Lead"/> before each tick to absorb wake-up latency.
/// </summary>
/// <remarks>
/// System timers round to whole milliseconds and may fire a little before the instant they were armed for, so a tick
/// serves the tick whose instant lies within half a period of now: a timer firing early still serves its own tick, not
/// the previous one (which would send every frame a tick late). A late timer serves the newest due tick once; the
/// streams catch up on the slots they missed themselves. The clock runs only while a stream is subscribed.
/// </remarks>
internal sealed partial class FrameClock : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IFrameClockSubscriber[] _subscribers = [];
    private ITimer? _timer;
    private long _startTimestamp;
    private long _nextTick;
    private long _ticksServed;
    private bool _disposed;

    /// <param name="period">Time between ticks (20 ms: one audio frame).</param>
    /// <param name="time">The clock the ticks are measured and timed on.</param>
    /// <param name="logger">Logs a subscriber that throws.</param>
    /// <param name="lead">How long before each tick the timer is armed. Default 1 ms; at least zero and less than half a period.</param>
    public FrameClock(TimeSpan period, TimeProvider time, ILogger logger, TimeSpan? lead = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(period, TimeSpan.Zero);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var actualLead = lead ?? TimeSpan.FromMilliseconds(1);
        if (actualLead < TimeSpan.Zero || actualLead * 2 >= period)
        {
            throw new ArgumentOutOfRangeException(nameof(lead), actualLead, "The lead must be at least zero and less than half the period.");
        }

        Period = period;
        Lead = actualLead;
        _time = time;
        _logger = logger;
    }

    public TimeSpan Period { get; }

    public TimeSpan Lead { get; }

    /// <summary>Streams driven now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers).Length;

    /// <summary>Ticks served (a late tick that covers several periods counts once).</summary>
    public long TicksServed => Interlocked.Read(ref _ticksServed);

    /// <summary>
    /// Adds <paramref name="subscriber"/>. <paramref name="firstTick"/> is called once, before any tick can reach it,
    /// with the index and timestamp (on the clock's <see cref="TimeProvider"/>) of the first tick it will get: now when
    /// the clock was idle (it ticks at once), otherwise the next tick. Later ticks have consecutive indexes, tick
    /// <c>first + n</c> due at <c>timestamp + n × period</c>. Disposing the result removes it; a tick already running
    /// may still reach it once.
    /// </summary>
    public IDisposable Subscribe(IFrameClockSubscriber subscriber, Action<long, long> firstTick)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(firstTick);
        ITimer? start = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_timer is null)
            {
                _startTimestamp = _time.GetTimestamp();
                _nextTick = 0;
                using (ExecutionContext.SuppressFlow())
                {
                    _timer = _time.CreateTimer(static s => ((FrameClock)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }

                start = _timer;
            }

            firstTick(_nextTick, TickTimestamp(_nextTick));
            _subscribers = [.. _subscribers, subscriber];
        }

        // Armed outside the lock: a timer that fires synchronously (a fake clock's) ticks on this thread.
        try
        {
            start?.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Every subscriber left (or the clock was disposed) in the meantime: nothing to start.
        }

        return new Subscription(this, subscriber);
    }

    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_gate)
        {
            _disposed = true;
            timer = _timer;
            _timer = null;
            _subscribers = [];
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    private long TickTimestamp(long tick) =>
        _startTimestamp + (long)((Int128)tick * Period.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);

    private TimeSpan Elapsed(long from, long to) =>
        TimeSpan.FromTicks((long)((Int128)(to - from) * TimeSpan.TicksPerSecond / _time.TimestampFrequency));

    private void Unsubscribe(IFrameClockSubscriber subscriber)
    {
        ITimer? idle = null;
        lock (_gate)
        {
            var index = Array.IndexOf(_subscribers, subscriber);
            if (index < 0)
            {
                return;
            }

            _subscribers = [.. _subscribers.AsSpan(0, index), .. _subscribers.AsSpan(index + 1)];
            if (_subscribers.Length == 0)
            {
                // Idle: no timer runs while no stream listens; the next subscriber starts the clock again.
                idle = _timer;
                _timer = null;
            }
        }

        idle?.Dispose();
    }

    private void OnTimer()
    {
        IFrameClockSubscriber[] subscribers;
        long tick;
        lock (_gate)
        {
            if (_disposed || _timer is null)
            {
                return;
            }

            // The tick whose instant is nearest now: a timer that fires early still serves the tick it was armed for.
            var nearest = (Elapsed(_startTimestamp, _time.GetTimestamp()) + (Period / 2)).Ticks / Period.Ticks;
            if (nearest < _nextTick)
            {
                // More than half a period early: not this tick's turn yet.
                Arm();
                return;
            }

            tick = nearest;
            _nextTick = nearest + 1;
            subscribers = _subscribers;
        }

        Interlocked.Increment(ref _ticksServed);
        foreach (var subscriber in subscribers)
        {
            try
            {
                subscriber.OnTick(tick);
            }
            catch (Exception exception)
            {
                Log.SubscriberFailed(_logger, exception);
            }
        }

        // Armed after serving, for the next tick counted from the start: the time serving took is absorbed.
        lock (_gate)
        {
            if (!_disposed && _timer is not null)
            {
                Arm();
            }
        }
    }

    private void Arm()
    {
        var delay = Elapsed(_time.GetTimestamp(), TickTimestamp(_nextTick)) - Lead;
        _timer!.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
    }

    private sealed class Subscription(FrameClock clock, IFrameClockSubscriber subscriber) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                clock.Unsubscribe(subscriber);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.FrameClockSubscriberFailed, EventName = nameof(EmulatorEventIds.FrameClockSubscriberFailed), Level = LogLevel.Error, Message = "A media stream failed on a tick of the frame clock.")]
        public static partial void SubscriberFailed(ILogger logger, Exception exception);
    }
}
