using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Testing;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that also counts its armed timers. A timer armed after <see cref="FakeTimeProvider.Advance"/>
/// counts from the new time, so a test whose code under test arms a deadline on another thread waits until
/// <see cref="ArmedTimerCount"/> shows it before advancing. Time and timers behave exactly as FakeTimeProvider's.
/// </summary>
public sealed class TimerCountingTimeProvider(DateTimeOffset start) : FakeTimeProvider(start)
{
    private readonly Lock _gate = new();
    private int _armed;

    public TimerCountingTimeProvider()
        : this(TestTime.Start)
    {
    }

    /// <summary>Timers that will fire if time advances far enough: armed, not disposed, and (if one-shot) not yet fired.</summary>
    public int ArmedTimerCount
    {
        get
        {
            lock (_gate)
            {
                return _armed;
            }
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
        private bool _armed;
        private bool _periodic;
        private bool _disposed;

        public void Attach(ITimer inner) => _inner = inner;

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (owner._gate)
            {
                if (_disposed)
                {
                    return false;
                }

                _periodic = period != Timeout.InfiniteTimeSpan && period > TimeSpan.Zero;
                SetArmed(dueTime != Timeout.InfiniteTimeSpan);
            }

            // Outside the lock: FakeTimeProvider fires a timer that is already due from inside Change.
            return _inner!.Change(dueTime, period);
        }

        public void Fire()
        {
            lock (owner._gate)
            {
                if (!_periodic)
                {
                    SetArmed(false);
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
            if (armed != _armed)
            {
                _armed = armed;
                owner._armed += armed ? 1 : -1;
            }
        }
    }
}
