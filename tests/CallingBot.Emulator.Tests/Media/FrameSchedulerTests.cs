using CallingBot.Emulator.Media;
using CallingBot.Testing;

namespace CallingBot.Emulator.Tests.Media;

/// <summary>
/// The one timer that paces every media stream of an emulator. Frame invariant: a stream's frame n is due at its own
/// start + n × 20 ms, and no frame is released before its due time (with no lead).
/// </summary>
public sealed class FrameSchedulerTests : IDisposable
{
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private readonly TimerCountingTimeProvider _time = new(TestTime.Start);
    private readonly FrameScheduler _scheduler;

    public FrameSchedulerTests() => _scheduler = new FrameScheduler(_time, lead: TimeSpan.Zero);

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task ManyWaiters_EachCompletesExactlyAtItsDueTime_InDueOrder()
    {
        int[] dueMilliseconds = [17, 3, 40, 3, 25, 9, 33, 1, 20, 12];
        var start = _time.GetTimestamp();
        var waits = dueMilliseconds.Select(ms => _scheduler.WaitUntilAsync(At(start, ms), CancellationToken.None)).ToArray();
        var completedAt = new int[waits.Length];

        for (var ms = 1; ms <= 40; ms++)
        {
            _time.Advance(Step);
            for (var i = 0; i < waits.Length; i++)
            {
                if (completedAt[i] == 0 && waits[i].IsCompleted)
                {
                    completedAt[i] = ms;
                }
            }
        }

        Assert.Equal(dueMilliseconds, completedAt);
        foreach (var wait in waits)
        {
            await wait;
        }
    }

    [Fact]
    public async Task ManyWaiters_OneTimerArmedForTheEarliest_NoneWhileIdle()
    {
        var start = _time.GetTimestamp();
        Assert.Equal(0, _time.ArmedTimerCount);

        var waits = Enumerable.Range(0, 100).Select(i => _scheduler.WaitUntilAsync(At(start, 5 + (i % 20)), CancellationToken.None)).ToArray();

        Assert.Equal(100, _scheduler.Pending);
        Assert.Equal(1, _time.ArmedTimerCount);
        Assert.True(_time.HasTimerDueIn(TimeSpan.FromMilliseconds(5)), "the timer is armed for the earliest due time");
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(24), Step);
        Assert.All(waits, wait => Assert.True(wait.IsCompletedSuccessfully));
        Assert.Equal(0, _scheduler.Pending);
        Assert.Equal(0, _time.ArmedTimerCount);
        foreach (var wait in waits)
        {
            await wait;
        }
    }

    [Fact]
    public async Task WaiterEarlierThanTheArmedOne_RearmsTheSameTimerEarlier()
    {
        var start = _time.GetTimestamp();
        var late = _scheduler.WaitUntilAsync(At(start, 15), CancellationToken.None);
        var early = _scheduler.WaitUntilAsync(At(start, 4), CancellationToken.None);

        Assert.Equal(1, _time.ArmedTimerCount);
        Assert.True(_time.HasTimerDueIn(TimeSpan.FromMilliseconds(4)), "the timer moved to the earlier waiter");
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(4), Step);
        Assert.True(early.IsCompletedSuccessfully);
        Assert.False(late.IsCompleted);
        Assert.True(_time.HasTimerDueIn(TimeSpan.FromMilliseconds(11)), "the timer re-armed for the remaining waiter");
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(11), Step);
        Assert.True(late.IsCompletedSuccessfully);
        await early;
        await late;
    }

    [Fact]
    public async Task WaiterDueNowOrInThePast_CompletesAtOnceWithoutTimer()
    {
        var now = _time.GetTimestamp();

        var past = _scheduler.WaitUntilAsync(At(now, -5), CancellationToken.None);
        var present = _scheduler.WaitUntilAsync(now, CancellationToken.None);

        Assert.True(past.IsCompletedSuccessfully);
        Assert.True(present.IsCompletedSuccessfully);
        Assert.Equal(0, _scheduler.Pending);
        Assert.Equal(0, _time.ArmedTimerCount);
        await past;
        await present;
    }

    [Fact]
    public async Task Lead_TimerFiresThatMuchBeforeTheDueTime()
    {
        using var scheduler = new FrameScheduler(_time, lead: TimeSpan.FromMilliseconds(1));
        var start = _time.GetTimestamp();

        var wait = scheduler.WaitUntilAsync(At(start, 20), CancellationToken.None);
        var withinLead = scheduler.WaitUntilAsync(At(start, 1), CancellationToken.None);

        Assert.True(withinLead.IsCompletedSuccessfully, "a waiter due within the lead completes at once");
        Assert.True(_time.HasTimerDueIn(TimeSpan.FromMilliseconds(19)), "armed 1 ms before the due time");
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(18), Step);
        Assert.False(wait.IsCompleted);
        _time.Advance(Step);
        Assert.True(wait.IsCompletedSuccessfully);
        await wait;
        await withinLead;
    }

    [Fact]
    public async Task CanceledWaiter_CompletesCanceledAtOnceAndLeavesTheHeap()
    {
        var start = _time.GetTimestamp();
        using var cancel = new CancellationTokenSource();
        var canceled = _scheduler.WaitUntilAsync(At(start, 10), cancel.Token);
        var other = _scheduler.WaitUntilAsync(At(start, 20), CancellationToken.None);

        await cancel.CancelAsync();

        Assert.True(canceled.IsCanceled);
        Assert.Equal(1, _scheduler.Pending);
        var exception = await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await canceled);
        Assert.Equal(cancel.Token, exception.CancellationToken);
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(19), Step);
        Assert.False(other.IsCompleted);
        _time.Advance(Step);
        Assert.True(other.IsCompletedSuccessfully);
        await other;
    }

    [Fact]
    public async Task LastWaiterCanceled_TimerStops()
    {
        using var cancel = new CancellationTokenSource();
        var wait = _scheduler.WaitUntilAsync(At(_time.GetTimestamp(), 20), cancel.Token);
        Assert.Equal(1, _time.ArmedTimerCount);

        await cancel.CancelAsync();

        Assert.Equal(0, _time.ArmedTimerCount);
        Assert.Equal(0, _scheduler.Pending);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
    }

    [Fact]
    public async Task TokenAlreadyCanceled_CanceledWithoutQueueing()
    {
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var wait = _scheduler.WaitUntilAsync(At(_time.GetTimestamp(), 20), cancel.Token);

        Assert.True(wait.IsCanceled);
        Assert.Equal(0, _scheduler.Pending);
        Assert.Equal(0, _time.ArmedTimerCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
    }

    [Fact]
    public async Task ManyCanceledWaits_NoneLeftInTheHeap_PooledWaitersStillWork()
    {
        var start = _time.GetTimestamp();
        for (var i = 0; i < 1000; i++)
        {
            using var cancel = new CancellationTokenSource();
            var wait = _scheduler.WaitUntilAsync(At(start, 1 + (i % 50)), cancel.Token);
            await cancel.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
        }

        Assert.Equal(0, _scheduler.Pending);
        Assert.Equal(0, _time.ArmedTimerCount);
        var after = _scheduler.WaitUntilAsync(At(start, 5), CancellationToken.None);
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(5), Step);
        Assert.True(after.IsCompletedSuccessfully);
        await after;
    }

    [Fact]
    public async Task Completion_ContinuationRunsOnThePool_NotInlineOnTheTimersThread()
    {
        var probe = new InlineProbe();
        var waiting = ResumeAsync(_scheduler.WaitUntilAsync(At(_time.GetTimestamp(), 5), CancellationToken.None), probe);

        probe.AdvancingThread = Environment.CurrentManagedThreadId;
        Volatile.Write(ref probe.Advancing, true);
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(5), Step);
        Volatile.Write(ref probe.Advancing, false);

        Assert.False(await Eventually.WithinAsync(waiting, "the continuation of the released waiter runs"), "the continuation ran inline on the timer's thread");
    }

    [Fact]
    public async Task Dispose_PendingWaitsCanceledAndTimerStopped()
    {
        var scheduler = new FrameScheduler(_time);
        var wait = scheduler.WaitUntilAsync(At(_time.GetTimestamp(), 20), CancellationToken.None);

        scheduler.Dispose();

        Assert.Equal(0, _time.ArmedTimerCount);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await wait);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await scheduler.WaitUntilAsync(At(_time.GetTimestamp(), 20), CancellationToken.None));
    }

    [Fact]
    public async Task TwoLoopsStartedApart_EachFrameOnItsOwnGrid_OneTimerForBoth()
    {
        using var stop = new CancellationTokenSource();
        var origin = _time.GetTimestamp();
        var first = new List<long>();
        var second = new List<long>();
        var firstLoop = SendLoopAsync(origin, first, stop.Token);
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(7), Step);
        var secondLoop = SendLoopAsync(_time.GetTimestamp(), second, stop.Token);

        for (var ms = 8; ms <= 200; ms++)
        {
            await Eventually.UntilAsync(() => _scheduler.Pending == 2, $"both loops wait for their next frame before {ms} ms");
            Assert.Equal(1, _time.ArmedTimerCount);
            _time.Advance(Step);
        }

        await Eventually.UntilAsync(() => _scheduler.Pending == 2, "both loops wait for their frame after 200 ms");
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstLoop);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => secondLoop);

        // Frames 1 to 10 of the first loop at 20, 40 … 200 ms; frames 1 to 9 of the second at 27, 47 … 187 ms.
        Assert.Equal(Enumerable.Range(1, 10).Select(n => At(origin, n * 20)), first);
        Assert.Equal(Enumerable.Range(1, 9).Select(n => At(origin, 7 + (n * 20))), second);
        Assert.Equal(0, _time.ArmedTimerCount);
    }

    /// <summary>A stream's send loop in miniature: waits for frame n at start + n × 20 ms and records when it was released.</summary>
    private async Task SendLoopAsync(long start, List<long> released, CancellationToken cancellationToken)
    {
        for (var frame = 1; ; frame++)
        {
            await _scheduler.WaitUntilAsync(_scheduler.TimestampAt(start, Frame * frame), cancellationToken).ConfigureAwait(false);
            released.Add(_time.GetTimestamp());
        }
    }

    private static async Task<bool> ResumeAsync(ValueTask wait, InlineProbe probe)
    {
        await wait.ConfigureAwait(false);
        return Volatile.Read(ref probe.Advancing) && Environment.CurrentManagedThreadId == probe.AdvancingThread;
    }

    private long At(long start, int milliseconds) => _scheduler.TimestampAt(start, TimeSpan.FromMilliseconds(milliseconds));

    private sealed class InlineProbe
    {
        public bool Advancing;
        public int AdvancingThread;
    }
}
