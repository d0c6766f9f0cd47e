using Microsoft.Extensions.Time.Testing;

namespace CallingBot.AspNetCore.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also knows its armed timers. A timer armed after <see cref="FakeTimeProvider.Advance"/>
/// counts from the new time, so a test whose code under test arms a deadline on another thread waits until the timer
/// is armed (<see cref="HasTimerDueIn"/>, <see cref="ArmedTimerCount"/>) before advancing. Time and timers behave
/// exactly as FakeTimeProvider's.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private readonly HashSet<CountedTimer> _armedTimers = [];

    /// <summary>
    /// A clock that starts at the current time. A bot's clock must start there: the bot checks the lifetime of the
    /// emulator's tokens on it, and the emulator issues them on the real clock.
    /// </summary>
    public TimerCountingTimeProvider()
        : this(DateTimeOffset.UtcNow)
    {
    }

    /// <summary>Timers that will fire if time advances far enough: armed, not disposed, and (if one-shot) not yet fired.</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armedTimers.Count;
            }
        }
    }

    /// <summary>
    /// Whether an armed timer fires exactly <paramref name="dueIn"/> from now: a handler's 10 s key timeout, armed
    /// while the clock stood still, is due in 10 s. Wait for it, then advance.
    /// </summary>
    /// <example><c>await Eventually.UntilAsync(() => clock.HasTimerDueIn(TimeSpan.FromSeconds(10)), "the menu's timeout is armed");</c></example>
    public bool HasTimerDueIn(TimeSpan dueIn)
    {
        var due = GetUtcNow() + dueIn;
        lock (_gate)
        {
            return _armedTimers.Any(timer => timer.Due == due);
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new CountedTimer(this, callback, state);
        timer.Attach(base.CreateTimer(static s => ((CountedTimer)s!).Fire(), timer, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class CountedTimer(TimerCountingTimeProvider owner, TimerCallback callback, object? state) : ITimer
    {
        private ITimer? _inner;
        private TimeSpan _period;
        private bool _disposed;

        /// <summary>When the timer fires next (read under the owner's lock).</summary>
        public DateTimeOffset Due { get; private set; }

        public void Attach(ITimer inner) => _inner = inner;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _period = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero ? period : TimeSpan.Zero;
                Due = dueTime == Timeout.InfiniteTimeSpan ? default : owner.GetUtcNow() + dueTime;
                SetArmed(dueTime != Timeout.InfiniteTimeSpan);
            }

            // Outside the lock: FakeTimeProvider fires a timer that is already due from inside Change.
            return _inner!.Change(dueTime, period);
        }

        public void Fire()
        {
            lock (owner._gate)
            {
                if (_period == TimeSpan.Zero)
                {
                    SetArmed(false);
                }
                else
                {
                    Due += _period;
                }
            }

            callback(state);
        }

        public void Dispose()
        {
            lock (owner._gate)
            {
                _disposed = true;
                SetArmed(false);
            }

            _inner!.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }

        private void SetArmed(bool armed)
        {
            if (armed)
            {
                owner._armedTimers.Add(this);
            }
            else
            {
                owner._armedTimers.Remove(this);
            }
        }
    }
}
