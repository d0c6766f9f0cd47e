using System.Threading.Channels;

namespace CallingBot.Core.Manager;

/// <summary>
/// Keys pressed on a call, kept in arrival order until a digit collection consumes them.
/// Written on the notification path, read by handler code.
/// </summary>
internal sealed class ToneBuffer
{
    private const int Capacity = 128;

    /// <summary>Created by the first key or the first wait: most calls never see a key.</summary>
    private Channel<char>? _keys;

    private Channel<char> Keys => LazyInitializer.EnsureInitialized(ref _keys, static () => Channel.CreateBounded<char>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
    }));

    public void Add(char key) => Keys.Writer.TryWrite(key);

    public void Clear()
    {
        if (Volatile.Read(ref _keys) is not { } keys)
        {
            return;
        }

        while (keys.Reader.TryRead(out _))
        {
        }
    }

    public bool TryTake(out char key)
    {
        if (Volatile.Read(ref _keys) is { } keys)
        {
            return keys.Reader.TryRead(out key);
        }

        key = default;
        return false;
    }

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => Keys.Reader.WaitToReadAsync(cancellationToken);
}
