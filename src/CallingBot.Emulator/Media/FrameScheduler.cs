using System.Threading.Tasks.Sources;

namespace CallingBot.Emulator.Media;

/// <summary>
/// One timer that paces the frames of every media stream of an emulator: a stream awaits
/// <see cref="WaitUntilAsync"/> with the due timestamp of its next frame, instead of arming a timer of its own 50 times
/// a second.
/// </summary>
/// <remarks>
/// <para>
/// <b>Each stream on its own phase.</b> Waiters are kept in a min-heap by due timestamp and each is released at its own
/// due time: a stream's frames stay on its own grid (start + n × 20 ms), so the frames of streams started at different
/// times stay spread over the 20 ms rather than leaving in one burst per tick.
/// </para>
/// <para>
/// <b>Timer.</b> Armed for the earliest due time less <see cref="Lead"/> (which absorbs timer wake-up latency), rounded
/// up to a whole millisecond (system timers count whole milliseconds and would otherwise fire early); a firing releases
/// every waiter due within the lead and re-arms for the next one, so it fires at most about once a millisecond however
/// many streams wait. Not armed while no one waits. A due time already within the lead completes at once, without the
/// timer.
/// </para>
/// <para>
/// <b>Continuations.</b> A waiter is completed outside the lock and its continuation runs on the thread pool, never on
/// the timer's thread, so one stream's send does not delay the others. Waiters are pooled: a frame wait allocates
/// nothing. A canceled wait is removed from the heap at once.
/// </para>
/// </remarks>
internal sealed class FrameScheduler : IDisposable
{
    private readonly TimeProvider _time;
    private readonly Lock _gate = new();
    private readonly PriorityQueue<Waiter, long> _queue = new();
    private readonly Stack<Waiter> _pool = new();
    private readonly ITimer _timer;
    private readonly long _lead;
    private long _wakeAt = long.MaxValue;
    private bool _disposed;

    /// <param name="time">The clock due timestamps are read on (<see cref="TimeProvider.GetTimestamp"/>).</param>
    /// <param name="lead">How long before the earliest due time the timer fires. Default 1 ms; zero or more, under 10 ms.</param>
    public FrameScheduler(TimeProvider time, TimeSpan? lead = null)
    {
        ArgumentNullException.ThrowIfNull(time);
        var actualLead = lead ?? TimeSpan.FromMilliseconds(1);
        if (actualLead < TimeSpan.Zero || actualLead >= TimeSpan.FromMilliseconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(lead), actualLead, "The lead must be at least zero and under 10 ms.");
        }

        _time = time;
        Lead = actualLead;
        _lead = ToTimestamp(actualLead);
        using (ExecutionContext.SuppressFlow())
        {
            _timer = time.CreateTimer(static s => ((FrameScheduler)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>How long before a due time the timer fires (and how early a waiter may be released).</summary>
    public TimeSpan Lead { get; }

    /// <summary>The clock due timestamps are measured on.</summary>
    public TimeProvider TimeProvider => _time;

    /// <summary>Waiters in the heap now.</summary>
    public int Pending
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>The timestamp <paramref name="offset"/> after <paramref name="start"/>, both on <see cref="TimeProvider"/>.</summary>
    public long TimestampAt(long start, TimeSpan offset) => start + ToTimestamp(offset);

    /// <summary>
    /// Completes when <paramref name="dueTimestamp"/> (on <see cref="TimeProvider"/>) is reached, less at most
    /// <see cref="Lead"/>; at once when it already is. Canceled (<see cref="OperationCanceledException"/>) when
    /// <paramref name="cancellationToken"/> is, or when the scheduler is (or gets) disposed, so that a stream ends as if
    /// stopped. The result must be awaited exactly once.
    /// </summary>
    public ValueTask WaitUntilAsync(long dueTimestamp, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        Waiter waiter;
        short version;
        lock (_gate)
        {
            if (_disposed)
            {
                return ValueTask.FromException(Disposed());
            }

            var wakeAt = dueTimestamp - _lead;
            var now = _time.GetTimestamp();
            if (wakeAt <= now)
            {
                return ValueTask.CompletedTask;
            }

            waiter = _pool.Count > 0 ? _pool.Pop() : new Waiter(this);
            version = waiter.Queue(cancellationToken);
            _queue.Enqueue(waiter, dueTimestamp);
            if (wakeAt < _wakeAt)
            {
                Arm(wakeAt, now);
            }
        }

        if (cancellationToken.CanBeCanceled)
        {
            // Registered after the waiter is queued: a token canceled meanwhile cancels it right here.
            waiter.Registration = cancellationToken.UnsafeRegister(static (s, token) => ((Waiter)s!).Cancel(token), waiter);
        }

        return new ValueTask(waiter, version);
    }

    /// <summary>Stops the timer; pending waits complete canceled.</summary>
    public void Dispose()
    {
        Waiter? released = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _wakeAt = long.MaxValue;
            while (_queue.TryDequeue(out var waiter, out _))
            {
                waiter.Take(ref released);
            }
        }

        _timer.Dispose();
        Complete(released, canceled: true);
    }

    private void OnTimer()
    {
        Waiter? released = null;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            var now = _time.GetTimestamp();
            var limit = now + _lead;
            while (_queue.TryPeek(out var waiter, out var due) && due <= limit)
            {
                _queue.Dequeue();
                waiter.Take(ref released);
            }

            _wakeAt = long.MaxValue;
            if (_queue.TryPeek(out _, out var next))
            {
                Arm(next - _lead, now);
            }
            else
            {
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }

        Complete(released, canceled: false);
    }

    /// <summary>Completes the chained waiters (taken from the heap under the lock) outside it.</summary>
    private static void Complete(Waiter? released, bool canceled)
    {
        while (released is not null)
        {
            var waiter = released;
            released = waiter.Next;
            waiter.Next = null;
            waiter.Release(canceled);
        }
    }

    /// <summary>Arms the timer to fire at <paramref name="wakeAt"/>, which is after <paramref name="now"/>. Called under the lock.</summary>
    private void Arm(long wakeAt, long now)
    {
        _wakeAt = wakeAt;
        var ticks = (long)((Int128)(wakeAt - now) * TimeSpan.TicksPerSecond / _time.TimestampFrequency);
        var milliseconds = Math.Max(1, (ticks + TimeSpan.TicksPerMillisecond - 1) / TimeSpan.TicksPerMillisecond);

        // Never a zero delay: a fake clock would fire it inline, under this lock.
        _timer.Change(TimeSpan.FromMilliseconds(milliseconds), Timeout.InfiniteTimeSpan);
    }

    private static OperationCanceledException Disposed() => new("The frame scheduler was disposed.");

    private long ToTimestamp(TimeSpan span) => (long)((Int128)span.Ticks * _time.TimestampFrequency / TimeSpan.TicksPerSecond);

    /// <summary>Called by a canceled waiter: removes it from the heap unless the timer took it first.</summary>
    private bool TryRemove(Waiter waiter, CancellationToken token)
    {
        lock (_gate)
        {
            if (!waiter.IsQueuedWith(token) || !_queue.Remove(waiter, out _, out _))
            {
                return false;
            }

            waiter.Next = null;
            waiter.MarkTaken();
            if (_queue.Count == 0 && !_disposed)
            {
                _wakeAt = long.MaxValue;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }

            return true;
        }
    }

    private void Return(Waiter waiter)
    {
        lock (_gate)
        {
            if (waiter.Recycle())
            {
                _pool.Push(waiter);
            }
        }
    }

    /// <summary>One pending frame wait, reused for later waits once its result has been read.</summary>
    private sealed class Waiter(FrameScheduler owner) : IValueTaskSource
    {
        private const int Idle = 0;
        private const int Queued = 1;
        private const int Taken = 2;

        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private CancellationToken _token;
        private int _state;

        public CancellationTokenRegistration Registration { get; set; }

        /// <summary>The next waiter released by the same firing (a chain built under the lock, so a firing allocates nothing).</summary>
        public Waiter? Next { get; set; }

        /// <summary>Prepares a wait and returns its version. Called under the lock.</summary>
        public short Queue(CancellationToken token)
        {
            _core.Reset();
            _token = token;
            _state = Queued;
            return _core.Version;
        }

        public bool IsQueuedWith(CancellationToken token) => _state == Queued && _token == token;

        /// <summary>Takes the waiter out of the heap onto <paramref name="chain"/>. Called under the lock.</summary>
        public void Take(ref Waiter? chain)
        {
            _state = Taken;
            Next = chain;
            chain = this;
        }

        /// <summary>Marks a waiter removed by cancellation. Called under the lock.</summary>
        public void MarkTaken() => _state = Taken;

        /// <summary>Whether the waiter may go back to the pool (once per wait). Called under the lock.</summary>
        public bool Recycle()
        {
            if (_state != Taken)
            {
                return false;
            }

            _state = Idle;
            _token = default;
            return true;
        }

        /// <summary>Completes a waiter taken from the heap. Never called under the lock.</summary>
        public void Release(bool canceled)
        {
            if (canceled)
            {
                _core.SetException(Disposed());
            }
            else
            {
                _core.SetResult(true);
            }
        }

        public void Cancel(CancellationToken token)
        {
            if (owner.TryRemove(this, token))
            {
                _core.SetException(new OperationCanceledException(token));
            }
        }

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        public void GetResult(short token)
        {
            try
            {
                _core.GetResult(token);
            }
            finally
            {
                if (token == _core.Version)
                {
                    // A callback already running finds the waiter idle (or queued with another token) and leaves it.
                    Registration.Unregister();
                    Registration = default;
                    owner.Return(this);
                }
            }
        }
    }
}
