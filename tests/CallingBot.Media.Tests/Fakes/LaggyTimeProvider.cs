using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Media.Tests.Fakes;

/// <summary>
/// A <see cref="FakeTimeProvider"/> seen through timers that fire <see cref="Lag"/> after the time they were asked
/// for, like an operating system timer under load. <see cref="NextLag"/> adds extra lag to the next arming only.
/// Time itself is the fake's: advance the fake.
/// </summary>
internal sealed class LaggyTimeProvider(FakeTimeProvider inner) : TimeProvider
{
    public TimeSpan Lag { get; set; }

    public TimeSpan NextLag { get; set; }

    public override long TimestampFrequency => inner.TimestampFrequency;

    public override long GetTimestamp() => inner.GetTimestamp();

    public override DateTimeOffset GetUtcNow() => inner.GetUtcNow();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new LaggyTimer(this, inner.CreateTimer(callback, state, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan));
        timer.Change(dueTime, period);
        return timer;
    }

    private TimeSpan TakeLag()
    {
        var lag = Lag + NextLag;
        NextLag = TimeSpan.Zero;
        return lag;
    }

    private sealed class LaggyTimer(LaggyTimeProvider owner, ITimer inner) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) =>
            inner.Change(dueTime == Timeout.InfiniteTimeSpan ? dueTime : dueTime + owner.TakeLag(), period);

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
