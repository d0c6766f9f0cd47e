using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Live;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Tests.Live;

/// <summary>Every page has a bounded queue that drops its oldest messages and asks for a resync; connections are capped.</summary>
public sealed class LiveBroadcasterTests
{
    [Fact]
    public void Publish_MoreThanAQueueHolds_DropsTheOldestAndAsksOnceForAResync()
    {
        var broadcaster = Broadcaster(capacity: 8);
        using var subscription = broadcaster.TrySubscribe()!;

        for (var i = 0; i < 20; i++)
        {
            broadcaster.Publish("call", new { n = i });
        }

        Assert.Equal(12, subscription.Dropped);
        Assert.True(subscription.IsResyncPending());
        Assert.True(subscription.TakeResync());
        Assert.False(subscription.TakeResync());
        var kept = new List<string>();
        while (subscription.Reader.TryRead(out var message))
        {
            kept.Add(message.Data);
        }

        Assert.Equal(Enumerable.Range(12, 8).Select(i => $"{{\"n\":{i}}}"), kept);
    }

    [Fact]
    public void Publish_WithinTheQueue_NoResync()
    {
        var broadcaster = Broadcaster(capacity: 8);
        using var subscription = broadcaster.TrySubscribe()!;

        for (var i = 0; i < 8; i++)
        {
            broadcaster.Publish("call", new { n = i });
        }

        Assert.False(subscription.TakeResync());
        Assert.Equal(0, subscription.Dropped);
    }

    [Fact]
    public void TrySubscribe_AtTheConnectionLimit_RefusesUntilOneLeaves()
    {
        var broadcaster = Broadcaster(maxConnections: 2);
        var first = broadcaster.TrySubscribe();
        using var second = broadcaster.TrySubscribe();

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.Null(broadcaster.TrySubscribe());
        first!.Dispose();
        first.Dispose();
        Assert.Equal(1, broadcaster.Count);
        using var third = broadcaster.TrySubscribe();
        Assert.NotNull(third);
        Assert.Null(broadcaster.TrySubscribe());
    }

    private static LiveBroadcaster Broadcaster(int capacity = 256, int maxConnections = 20) =>
        new(Options.Create(new DashboardOptions { ConnectionQueueCapacity = capacity, MaxConnections = maxConnections }));
}
