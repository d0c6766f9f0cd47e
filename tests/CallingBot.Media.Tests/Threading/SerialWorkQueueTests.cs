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
}
