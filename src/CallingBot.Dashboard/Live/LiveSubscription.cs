using System.Threading.Channels;

namespace CallingBot.Dashboard.Live;

/// <summary>
/// One page's queue of live messages: bounded, dropping the oldest when full. A drop sets <see cref="TakeResync"/> so
/// the stream sends the page a full snapshot in place of what it lost.
/// </summary>
internal sealed class LiveSubscription : IDisposable
{
    private readonly Channel<LiveMessage> _channel;
    private readonly Action<LiveSubscription> _release;
    private int _resync;
    private long _dropped;
    private int _disposed;

    public LiveSubscription(int capacity, Action<LiveSubscription> release)
    {
        _release = release;
        _channel = Channel.CreateBounded<LiveMessage>(
            new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = false },
            _ =>
            {
                Interlocked.Increment(ref _dropped);
                Volatile.Write(ref _resync, 1);
            });
    }

    public ChannelReader<LiveMessage> Reader => _channel.Reader;

    /// <summary>Messages dropped from this queue so far.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Post(LiveMessage message) => _channel.Writer.TryWrite(message);

    /// <summary>True once after messages were dropped: the page must be sent a snapshot.</summary>
    public bool TakeResync() => Interlocked.Exchange(ref _resync, 0) == 1;

    /// <summary>Whether a resync is pending, without taking it (the stream stops forwarding stale messages).</summary>
    public bool IsResyncPending() => Volatile.Read(ref _resync) == 1;

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _channel.Writer.TryComplete();
            _release(this);
        }
    }
}
