namespace CallingBot.AspNetCore.Testing.Tests;

public sealed class TimerCountingTimeProviderTests
{
    [Fact]
    public void HasTimerDueIn_OneShotTimer_TrueUntilItFires()
    {
        var clock = new TimerCountingTimeProvider();
        var fired = 0;
        using var timer = clock.CreateTimer(_ => fired++, null, TimeSpan.FromSeconds(8), Timeout.InfiniteTimeSpan);

        Assert.True(clock.HasTimerDueIn(TimeSpan.FromSeconds(8)));
        Assert.False(clock.HasTimerDueIn(TimeSpan.FromSeconds(7)));
        Assert.Equal(1, clock.ArmedTimerCount);

        clock.Advance(TimeSpan.FromSeconds(8));

        Assert.Equal(1, fired);
        Assert.False(clock.HasTimerDueIn(TimeSpan.Zero));
        Assert.Equal(0, clock.ArmedTimerCount);
    }

    [Fact]
    public void HasTimerDueIn_PeriodicTimer_FollowsItsNextDueTime()
    {
        var clock = new TimerCountingTimeProvider();
        using var timer = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5));

        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.True(clock.HasTimerDueIn(TimeSpan.FromSeconds(5)));
        Assert.Equal(1, clock.ArmedTimerCount);
    }

    [Fact]
    public void ArmedTimerCount_DisposedOrStoppedTimers_AreNotCounted()
    {
        var clock = new TimerCountingTimeProvider();
        var disposed = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(1), Timeout.InfiniteTimeSpan);
        using var stopped = clock.CreateTimer(_ => { }, null, TimeSpan.FromSeconds(2), Timeout.InfiniteTimeSpan);
        Assert.Equal(2, clock.ArmedTimerCount);

        disposed.Dispose();
        stopped.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);

        Assert.Equal(0, clock.ArmedTimerCount);
        Assert.False(clock.HasTimerDueIn(TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public void NewClock_StartsNow_SoTheBotAcceptsTheEmulatorsTokens()
    {
        var before = DateTimeOffset.UtcNow;

        var clock = new TimerCountingTimeProvider();

        Assert.InRange(clock.GetUtcNow(), before, DateTimeOffset.UtcNow);
    }
}
