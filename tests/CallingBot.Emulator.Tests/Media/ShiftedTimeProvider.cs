using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Media;

/// <summary>
/// A <see cref="FakeTimeProvider"/> seen through timers that fire <c>early</c> before the time they were armed for (as
/// system timers do, rounding to whole milliseconds), counting every timer created.
/// </summary>
internal sealed class ShiftedTimeProvider(FakeTimeProvider inner, TimeSpan early) : TimeProvider
{
    private int _created;

    public FakeTimeProvider Inner => inner;

    /// <summary>Timers created so far.</summary>
    public int TimersCreated => Volatile.Read(ref _created);

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _created);
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
