using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// One frame clock for many calls: a single timer ticks every <see cref="Period"/> and every subscribed
/// <see cref="AudioSender"/> sends its frame for that tick, instead of each call arming a timer of its own every 20 ms.
/// Tick n is due at start + n × period, computed from the start every time, so timer lateness never accumulates into
/// drift; the timer is armed <see cref="Lead"/> before each tick to absorb wake-up latency. A tick that comes late
/// (the machine was busy) is served once, for the newest due tick: the senders catch up on the slots they missed
/// themselves, within their <see cref="MediaPipelineOptions.MaxCatchUp"/>.
/// </summary>
/// <remarks>
/// Subscribers are served in shards of <see cref="ShardSize"/>: the first shard on the timer's thread, the others as
/// work items of the thread pool, so one slow transport delays at most its own shard. Share one clock per process and
/// frame duration (the host registers one); a sender without a shared clock makes a private one.
/// </remarks>
public sealed partial class MediaClock : IAsyncDisposable
{
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IMediaClockSubscriber[] _subscribers = [];
    private ITimer? _timer;
    private long _startTimestamp;
    private long _nextTick;
    private bool _disposed;

    /// <param name="period">Time between ticks: the frame duration of the senders it drives (20 ms for the default format).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="lead">How long before each tick the timer is armed. Default 1 ms; at least zero and less than half a period.</param>
    /// <param name="logger">Logs a subscriber that throws.</param>
    public MediaClock(TimeSpan period, TimeProvider? timeProvider = null, TimeSpan? lead = null, ILogger<MediaClock>? logger = null)
    {
        if (period <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(period), period, "The period must be positive.");
        }

        var actualLead = lead ?? TimeSpan.FromMilliseconds(1);
        if (actualLead < TimeSpan.Zero || actualLead * 2 >= period)
        {
            throw new ArgumentOutOfRangeException(nameof(lead), actualLead, "The lead must be at least zero and less than half the period.");
        }

        Period = period;
        Lead = actualLead;
        _time = timeProvider ?? TimeProvider.System;
        _logger = logger ?? (ILogger)NullLogger.Instance;
    }

    /// <summary>Time between ticks.</summary>
    public TimeSpan Period { get; }

    /// <summary>How long before each tick the timer fires.</summary>
    public TimeSpan Lead { get; }

    /// <summary>The clock the ticks are measured on.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>Subscribers served per work item. Default 64.</summary>
    public int ShardSize { get; init; } = 64;

    /// <summary>Senders driven now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers).Length;

    /// <summary>Ticks served since the first subscriber came (a late tick that covers several periods counts once).</summary>
    public long TicksServed => Interlocked.Read(ref _ticksServed);

    private long _ticksServed;

    /// <summary>
    /// Adds <paramref name="subscriber"/>. <paramref name="firstTick"/> is called once, before any tick can reach it, with
    /// the timestamp (on <see cref="TimeProvider"/>) of the first tick it will get: now when the clock was idle (it
    /// starts with a tick at once), otherwise the next tick's. Disposing the result removes it; a tick already running
    /// may still reach it once.
    /// </summary>
    internal IDisposable Subscribe(IMediaClockSubscriber subscriber, Action<long> firstTick)
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
                    _timer = _time.CreateTimer(static s => ((MediaClock)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }

                start = _timer;
            }

            firstTick(TickTimestamp(_nextTick));
            _subscribers = [.. _subscribers, subscriber];
        }

        // Armed outside the lock: a clock whose timer fires synchronously (a fake one) ticks on this thread.
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

    /// <summary>The timestamp of tick <paramref name="tick"/>, counted from the clock's start.</summary>
    internal long TickTimestamp(long tick) =>
        _startTimestamp + (long)((Int128)tick * Period.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);

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

    private void Unsubscribe(IMediaClockSubscriber subscriber)
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
                // Idle: no timer runs while nobody listens; the next subscriber starts the clock again.
                idle = _timer;
                _timer = null;
            }
        }

        idle?.Dispose();
    }

    private void OnTimer()
    {
        IMediaClockSubscriber[] subscribers;
        lock (_gate)
        {
            if (_disposed || _timer is null)
            {
                return;
            }

            // The newest tick that is due (with the lead): a late timer serves it once, not every period it missed.
            var elapsed = Elapsed(_startTimestamp, _time.GetTimestamp()) + Lead;
            _nextTick = Math.Max(_nextTick, elapsed.Ticks / Period.Ticks) + 1;
            subscribers = _subscribers;
        }

        Interlocked.Increment(ref _ticksServed);
        var shard = Math.Max(1, ShardSize);
        for (var offset = shard; offset < subscribers.Length; offset += shard)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Clock.Serve(state.Subscribers, state.Offset, state.Count), new ShardWork(this, subscribers, offset, Math.Min(shard, subscribers.Length - offset)), preferLocal: false);
        }

        Serve(subscribers, 0, Math.Min(shard, subscribers.Length));

        // Armed after serving, for the next tick counted from the start: the time the first shard took is absorbed.
        lock (_gate)
        {
            if (!_disposed && _timer is not null)
            {
                var delay = Elapsed(_time.GetTimestamp(), TickTimestamp(_nextTick)) - Lead;
                _timer.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private TimeSpan Elapsed(long from, long to) =>
        TimeSpan.FromTicks((long)((Int128)(to - from) * TimeSpan.TicksPerSecond / _time.TimestampFrequency));

    private void Serve(IMediaClockSubscriber[] subscribers, int offset, int count)
    {
        for (var i = offset; i < offset + count; i++)
        {
            try
            {
                subscribers[i].OnTick();
            }
            catch (Exception exception)
            {
                Log.SubscriberFailed(_logger, exception);
            }
        }
    }

    private sealed record ShardWork(MediaClock Clock, IMediaClockSubscriber[] Subscribers, int Offset, int Count);

    private sealed class Subscription(MediaClock clock, IMediaClockSubscriber subscriber) : IDisposable
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
        [LoggerMessage(EventId = Diagnostics.MediaEventIds.ClockSubscriberFailed, EventName = nameof(Diagnostics.MediaEventIds.ClockSubscriberFailed), Level = LogLevel.Error, Message = "A media clock subscriber failed on a tick.")]
        public static partial void SubscriberFailed(ILogger logger, Exception exception);
    }
}

/// <summary>What a <see cref="MediaClock"/> drives: called once per tick, on a thread-pool thread.</summary>
internal interface IMediaClockSubscriber
{
    void OnTick();
}
