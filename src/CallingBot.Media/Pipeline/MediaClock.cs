using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// One frame clock for many calls: a single timer, and on every <see cref="Period"/> each subscribed
/// <see cref="AudioSender"/> sends its frame, instead of each call arming a timer of its own every 20 ms.
/// </summary>
/// <remarks>
/// <para>
/// <b>Phases.</b> The period is divided into <see cref="Phases"/> equal sub-ticks and each subscriber is given one of
/// them (the least crowded when it joins), so with 8 phases a 20 ms clock serves an eighth of its calls every 2.5 ms
/// instead of every call at once: a call's frame is never queued behind hundreds of other calls' sends, and the peer
/// receives the calls' frames spread over the period rather than in one burst. A subscriber's frames stay exactly one
/// period apart, on its own phase. Sub-ticks whose phase has no subscriber are skipped: a clock driving one call still
/// wakes once per period.
/// </para>
/// <para>
/// <b>No drift.</b> Sub-tick n is due at start + n × period / phases, computed from the start every time, so timer
/// lateness never accumulates; the timer is armed <see cref="Lead"/> before each sub-tick to absorb wake-up latency. A
/// timer that comes late (the machine was busy) serves every phase it passed once, not every period it missed: the
/// senders catch up on the slots they missed themselves, within their <see cref="MediaPipelineOptions.MaxCatchUp"/>.
/// </para>
/// <para>
/// Subscribers are served in shards of <see cref="ShardSize"/>: the first shard on the timer's thread, the others as
/// work items of the thread pool, so one slow transport delays at most its own shard. Share one clock per process and
/// frame duration (the host registers one, with <see cref="SharedPhases"/>); a sender without a shared clock makes a
/// private one.
/// </para>
/// </remarks>
public sealed partial class MediaClock : IAsyncDisposable
{
    /// <summary>The phases of the clock the host shares between its calls: 8, a sub-tick every 2.5 ms at 20 ms frames.</summary>
    public const int SharedPhases = 8;

    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private IMediaClockSubscriber[][] _phases = [[]];
    private int _subscribers;
    private ITimer? _timer;
    private long _startTimestamp;
    private long _lastServed;
    private long _nextTick;
    private bool _disposed;
    private long _ticksServed;

    /// <param name="period">Time between a subscriber's ticks: the frame duration of the senders it drives (20 ms for the default format).</param>
    /// <param name="timeProvider">The clock; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="lead">How long before each sub-tick the timer is armed. Default 1 ms; at least zero and less than half a sub-tick.</param>
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

    /// <summary>Time between a subscriber's ticks.</summary>
    public TimeSpan Period { get; }

    /// <summary>How long before each sub-tick the timer fires.</summary>
    public TimeSpan Lead { get; }

    /// <summary>
    /// Sub-ticks per period, each serving its own share of the subscribers. Default 1 (every subscriber on the same
    /// tick); at most 64, and the lead must stay under half a sub-tick (period ÷ phases).
    /// </summary>
    public int Phases
    {
        get => _phases.Length;
        init
        {
            if (value is < 1 or > 64 || Lead * 2 * value >= Period)
            {
                throw new ArgumentOutOfRangeException(nameof(Phases), value, $"Phases must be from 1 to 64 and leave a sub-tick of more than twice the lead ({Lead.TotalMilliseconds} ms) in the {Period.TotalMilliseconds} ms period.");
            }

            _phases = [.. Enumerable.Range(0, value).Select(_ => Array.Empty<IMediaClockSubscriber>())];
        }
    }

    /// <summary>The clock the ticks are measured on.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>Subscribers served per work item. Default 64.</summary>
    public int ShardSize { get; init; } = 64;

    /// <summary>Senders driven now.</summary>
    public int Subscribers => Volatile.Read(ref _subscribers);

    /// <summary>Timer firings since the clock was created (a late firing that covers several sub-ticks counts once).</summary>
    public long TicksServed => Interlocked.Read(ref _ticksServed);

    /// <summary>
    /// Adds <paramref name="subscriber"/> on the least crowded phase. <paramref name="firstTick"/> is called once, before
    /// any tick can reach it, with the timestamp (on <see cref="TimeProvider"/>) of the first tick it will get: now when
    /// the clock was idle (it starts with a tick at once), otherwise its phase's next sub-tick; its later ticks follow
    /// one period apart. Disposing the result removes it; a tick already running may still reach it once.
    /// </summary>
    internal IDisposable Subscribe(IMediaClockSubscriber subscriber, Action<long> firstTick)
    {
        ArgumentNullException.ThrowIfNull(subscriber);
        ArgumentNullException.ThrowIfNull(firstTick);
        ITimer? start = null;
        int phase;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            long first;
            if (_timer is null)
            {
                _startTimestamp = _time.GetTimestamp();
                _lastServed = -1;
                _nextTick = 0;
                phase = 0;
                first = 0;
                using (ExecutionContext.SuppressFlow())
                {
                    _timer = _time.CreateTimer(static s => ((MediaClock)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }

                start = _timer;
            }
            else
            {
                (phase, first) = ChoosePhase();
            }

            firstTick(TickTimestamp(first));
            _phases[phase] = [.. _phases[phase], subscriber];
            _subscribers++;
            if (start is null && first < _nextTick)
            {
                // The timer waits for a later phase: wake it for this subscriber's first sub-tick instead.
                _nextTick = first;
                Arm();
            }
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

        return new Subscription(this, subscriber, phase);
    }

    /// <summary>The timestamp of sub-tick <paramref name="tick"/>, counted from the clock's start.</summary>
    internal long TickTimestamp(long tick) =>
        _startTimestamp + (long)((Int128)tick * Period.Ticks * _time.TimestampFrequency / ((Int128)TimeSpan.TicksPerSecond * _phases.Length));

    public async ValueTask DisposeAsync()
    {
        ITimer? timer;
        lock (_gate)
        {
            _disposed = true;
            timer = _timer;
            _timer = null;
            _phases = [.. _phases.Select(_ => Array.Empty<IMediaClockSubscriber>())];
            _subscribers = 0;
        }

        if (timer is not null)
        {
            await timer.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// The phase with the fewest subscribers (of those, the one whose sub-tick comes first) and its first sub-tick that
    /// is neither served nor past. Called under the lock.
    /// </summary>
    private (int Phase, long FirstTick) ChoosePhase()
    {
        var count = _phases.Length;
        var next = Math.Max(_lastServed, Elapsed(_startTimestamp, _time.GetTimestamp()).Ticks * count / Period.Ticks) + 1;
        var best = -1;
        long bestTick = 0;
        for (var i = 0; i < count; i++)
        {
            var tick = next + i;
            var phase = (int)(tick % count);
            if (best < 0 || _phases[phase].Length < _phases[best].Length)
            {
                best = phase;
                bestTick = tick;
            }
        }

        return (best, bestTick);
    }

    private void Unsubscribe(IMediaClockSubscriber subscriber, int phase)
    {
        ITimer? idle = null;
        lock (_gate)
        {
            var members = _phases[phase];
            var index = Array.IndexOf(members, subscriber);
            if (index < 0)
            {
                return;
            }

            _phases[phase] = [.. members.AsSpan(0, index), .. members.AsSpan(index + 1)];
            if (--_subscribers == 0)
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
        // Bit i set: phase i is served by this firing (at most 64 phases).
        ulong served = 0;
        IMediaClockSubscriber[][] phases;
        lock (_gate)
        {
            if (_disposed || _timer is null)
            {
                return;
            }

            // Every sub-tick from the one armed for to the newest due (with the lead), each phase once: a timer that
            // fired a little early serves the sub-tick it was armed for; a late one serves what it passed, not every
            // period it missed.
            phases = _phases;
            var due = Elapsed(_startTimestamp, _time.GetTimestamp()).Add(Lead).Ticks * phases.Length / Period.Ticks;
            var last = Math.Max(_nextTick, due);
            for (var tick = Math.Max(_nextTick, last - phases.Length + 1); tick <= last; tick++)
            {
                served |= 1UL << (int)(tick % phases.Length);
            }

            _lastServed = last;
            _nextTick = NextPopulatedTick(last + 1);
        }

        Interlocked.Increment(ref _ticksServed);
        var subscribers = Due(phases, served);
        var shard = Math.Max(1, ShardSize);
        for (var offset = shard; offset < subscribers.Length; offset += shard)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static state => state.Clock.Serve(state.Subscribers, state.Offset, state.Count), new ShardWork(this, subscribers, offset, Math.Min(shard, subscribers.Length - offset)), preferLocal: false);
        }

        Serve(subscribers, 0, Math.Min(shard, subscribers.Length));

        // Armed after serving, for the next sub-tick counted from the start: the time the first shard took is absorbed.
        lock (_gate)
        {
            if (!_disposed && _timer is not null)
            {
                Arm();
            }
        }
    }

    /// <summary>
    /// The subscribers of the phases set in <paramref name="served"/>: one phase's array as it is (the usual firing), or
    /// the phases a late firing passed, joined.
    /// </summary>
    private static IMediaClockSubscriber[] Due(IMediaClockSubscriber[][] phases, ulong served)
    {
        if (System.Numerics.BitOperations.PopCount(served) == 1)
        {
            return phases[System.Numerics.BitOperations.TrailingZeroCount(served)];
        }

        var due = new List<IMediaClockSubscriber>();
        for (var phase = 0; phase < phases.Length; phase++)
        {
            if ((served & (1UL << phase)) != 0)
            {
                due.AddRange(phases[phase]);
            }
        }

        return [.. due];
    }

    /// <summary>The first sub-tick from <paramref name="tick"/> on whose phase has a subscriber (itself when none has). Called under the lock.</summary>
    private long NextPopulatedTick(long tick)
    {
        for (var i = 0; i < _phases.Length; i++)
        {
            if (_phases[(int)((tick + i) % _phases.Length)].Length > 0)
            {
                return tick + i;
            }
        }

        return tick;
    }

    /// <summary>Arms the timer for <see cref="_nextTick"/>, less the lead. Called under the lock with a timer.</summary>
    private void Arm()
    {
        var delay = Elapsed(_time.GetTimestamp(), TickTimestamp(_nextTick)) - Lead;
        _timer!.Change(delay > TimeSpan.Zero ? delay : TimeSpan.Zero, Timeout.InfiniteTimeSpan);
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

    private sealed class Subscription(MediaClock clock, IMediaClockSubscriber subscriber, int phase) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                clock.Unsubscribe(subscriber, phase);
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
