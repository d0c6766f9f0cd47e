using System.Threading.Channels;

namespace CallingBot.Core.Manager;

/// <summary>
/// Keys pressed on a call, kept in arrival order until a digit collection consumes them.
/// Written on the notification path, read by handler code.
/// </summary>
internal sealed class ToneBuffer
{
    private const int Capacity = 128;

    private readonly Channel<char> _keys = Channel.CreateBounded<char>(new BoundedChannelOptions(Capacity)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
        SingleWriter = false,
    });

    public void Add(char key) => _keys.Writer.TryWrite(key);

    public void Clear()
    {
        while (_keys.Reader.TryRead(out _))
        {
        }
    }

    public bool TryTake(out char key) => _keys.Reader.TryRead(out key);

    public ValueTask<bool> WaitAsync(CancellationToken cancellationToken) => _keys.Reader.WaitToReadAsync(cancellationToken);
}
