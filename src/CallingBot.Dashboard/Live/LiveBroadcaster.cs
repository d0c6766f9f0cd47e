using System.Collections.Concurrent;
using System.Text.Json;
using CallingBot.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Live;

/// <summary>
/// Fans live messages out to the connected pages, at most <see cref="DashboardOptions.MaxConnections"/> of them, each
/// through its own bounded queue so a slow page never slows the bot nor the other pages.
/// </summary>
internal sealed class LiveBroadcaster(IOptions<DashboardOptions> options)
{
    private readonly DashboardOptions _options = options.Value;
    private readonly ConcurrentDictionary<LiveSubscription, byte> _subscribers = new();
    private int _count;

    public int Count => Volatile.Read(ref _count);

    /// <summary>A new subscription, or null when <see cref="DashboardOptions.MaxConnections"/> pages are connected.</summary>
    public LiveSubscription? TrySubscribe()
    {
        if (Interlocked.Increment(ref _count) > _options.MaxConnections)
        {
            Interlocked.Decrement(ref _count);
            return null;
        }

        var subscription = new LiveSubscription(_options.ConnectionQueueCapacity, Release);
        _subscribers.TryAdd(subscription, 0);
        return subscription;
    }

    public void Publish<T>(string eventName, T data)
    {
        if (_subscribers.IsEmpty)
        {
            return;
        }

        var message = new LiveMessage(eventName, JsonSerializer.Serialize(data, DashboardJson.Options));
        foreach (var subscriber in _subscribers.Keys)
        {
            subscriber.Post(message);
        }
    }

    private void Release(LiveSubscription subscription)
    {
        if (_subscribers.TryRemove(subscription, out _))
        {
            Interlocked.Decrement(ref _count);
        }
    }
}
