using CallingBot.Media.Threading;
using CallingBot.Testing;

namespace CallingBot.Media.Tests.Threading;

public sealed class SerialWorkQueueTests
{
    [Fact]
    public async Task TryEnqueue_BeforeStart_HandledInOrderOnlyAfterStart()
    {
        var handled = new List<int>();
        await using var queue = new SerialWorkQueue<int>((item, _) => { handled.Add(item); return ValueTask.CompletedTask; });

        for (var i = 0; i < 100; i++)
        {
            Assert.True(queue.TryEnqueue(i));
        }

        Assert.Empty(handled);
        queue.Start();
        queue.Complete();
        await Eventually.WithinAsync(queue.Completion, "queue drained after Complete");

        Assert.Equal(Enumerable.Range(0, 100), handled);
    }

    [Fact]
    public async Task Handler_NeverRunsConcurrentlyWithItself()
    {
        var inside = 0;
        var overlaps = 0;
        await using var queue = new SerialWorkQueue<int>(async (_, _) =>
        {
            if (Interlocked.Increment(ref inside) > 1)
            {
                Interlocked.Increment(ref overlaps);
            }

            await Task.Yield();
            Interlocked.Decrement(ref inside);
        });
        queue.Start();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(w => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                queue.TryEnqueue(i);
            }
        })));
        queue.Complete();
        await Eventually.WithinAsync(queue.Completion, "2,000 items handled");

        Assert.Equal(0, overlaps);
    }

    [Fact]
    public void Start_Twice_Throws()
    {
        var queue = new SerialWorkQueue<int>((_, _) => ValueTask.CompletedTask);
        queue.Start();

        Assert.Throws<InvalidOperationException>(queue.Start);
        queue.Complete();
    }

    [Fact]
    public async Task HandlerThrows_CompletionFaultsLaterItemsRefusedAndDiscarded()
    {
        var discarded = new List<int>();
        var release = new TaskCompletionSource();
        await using var queue = new SerialWorkQueue<int>(
            async (item, _) =>
            {
                await release.Task;
                if (item == 1)
                {
                    throw new InvalidOperationException("boom");
                }
            },
            discard: discarded.Add);
        queue.Start();
        queue.TryEnqueue(1);
        queue.TryEnqueue(2);
        queue.TryEnqueue(3);
        release.SetResult();

        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => Eventually.WithinAsync(queue.Completion, "queue failed"));

        Assert.Equal("boom", failure.Message);
        Assert.Equal([2, 3], discarded);
        Assert.False(queue.TryEnqueue(4));
    }

    [Fact]
    public async Task Stop_CancelsTheRunningItemAndDiscardsTheRest()
    {
        var discarded = new List<int>();
        var started = new TaskCompletionSource();
        var cancelled = false;
        await using var queue = new SerialWorkQueue<int>(
            async (_, token) =>
            {
                started.TrySetResult();
                try
                {
                    await Task.Delay(Timeout.InfiniteTimeSpan, token);
                }
                catch (OperationCanceledException)
                {
                    cancelled = true;
                    throw;
                }
            },
            discard: discarded.Add);
        queue.Start();
        queue.TryEnqueue(1);
        queue.TryEnqueue(2);
        await Eventually.WithinAsync(started.Task, "first item running");

        queue.Stop();
        await Eventually.WithinAsync(queue.Completion, "queue stopped");

        Assert.True(cancelled);
        Assert.Equal([2], discarded);
        Assert.False(queue.TryEnqueue(3));
    }

    [Fact]
    public async Task Bounded_Full_DropsTheOldestAndDiscardsIt()
    {
        var dropped = new List<int>();
        var discarded = new List<int>();
        var handled = new List<int>();
        await using var queue = new SerialWorkQueue<int>((item, _) => { handled.Add(item); return ValueTask.CompletedTask; }, capacity: 3, discard: discarded.Add);
        queue.ItemDropped += dropped.Add;

        for (var i = 1; i <= 5; i++)
        {
            queue.TryEnqueue(i);
        }

        queue.Start();
        queue.Complete();
        await Eventually.WithinAsync(queue.Completion, "bounded queue drained");

        Assert.Equal([1, 2], dropped);
        Assert.Equal([1, 2], discarded);
        Assert.Equal([3, 4, 5], handled);
    }

    [Fact]
    public async Task DisposeAsync_NeverStarted_DiscardsWhatItHolds()
    {
        var discarded = new List<int>();
        var queue = new SerialWorkQueue<int>((_, _) => ValueTask.CompletedTask, discard: discarded.Add);
        queue.TryEnqueue(7);

        await queue.DisposeAsync();

        Assert.Equal([7], discarded);
        Assert.True(queue.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task Idle_BetweenBursts_EachLaterItemIsStillHandledInOrder()
    {
        var handled = new List<int>();
        var reached = new SemaphoreSlim(0);
        await using var queue = new SerialWorkQueue<int>((item, _) =>
        {
            lock (handled)
            {
                handled.Add(item);
            }

            reached.Release();
            return ValueTask.CompletedTask;
        });
        queue.Start();

        // Each item lands in a queue that has gone idle: it has no consumer until the item arrives.
        for (var i = 0; i < 200; i++)
        {
            Assert.True(queue.TryEnqueue(i));
            Assert.True(await reached.WaitAsync(TimeSpan.FromSeconds(10)), $"item {i} not handled after the queue went idle");
        }

        queue.Complete();
        await Eventually.WithinAsync(queue.Completion, "idle queue completed");

        Assert.Equal(Enumerable.Range(0, 200), handled);
    }

    [Fact]
    public async Task CompleteOrStop_WhileIdle_CompletesAtOnceAndRefusesLaterItems()
    {
        var completed = new SerialWorkQueue<int>((_, _) => ValueTask.CompletedTask);
        completed.Start();
        completed.TryEnqueue(1);
        completed.Complete();
        await Eventually.WithinAsync(completed.Completion, "completed idle queue");
        Assert.False(completed.TryEnqueue(2));

        var stopped = new SerialWorkQueue<int>((_, _) => ValueTask.CompletedTask);
        stopped.Start();
        stopped.Stop();
        await Eventually.WithinAsync(stopped.Completion, "stopped idle queue");
        Assert.True(stopped.Stopping.IsCancellationRequested);
        Assert.False(stopped.TryEnqueue(1));
    }

    [Fact]
    public async Task Handler_RunsInTheExecutionContextOfStart_OrInNoneWhenItsFlowIsSuppressed()
    {
        var local = new AsyncLocal<string>();
        var seen = new List<string?>();
        local.Value = "started";
        await using var flowing = new SerialWorkQueue<int>((_, _) => { seen.Add(local.Value); return ValueTask.CompletedTask; });
        flowing.Start();
        local.Value = "queued";
        flowing.TryEnqueue(1);
        flowing.Complete();
        await Eventually.WithinAsync(flowing.Completion, "queue started with a flowing context");

        await using var detached = new SerialWorkQueue<int>((_, _) => { seen.Add(local.Value); return ValueTask.CompletedTask; });
        using (ExecutionContext.SuppressFlow())
        {
            detached.Start();
        }

        detached.TryEnqueue(1);
        detached.Complete();
        await Eventually.WithinAsync(detached.Completion, "queue started with its context's flow suppressed");

        Assert.Equal(["started", null], seen);
    }
}
