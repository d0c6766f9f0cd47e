using Microsoft.Skype.Bots.Media;
using PlatformAudioFormat = Microsoft.Skype.Bots.Media.AudioFormat;

namespace CallingBot.Media.Windows.Audio;

/// <summary>
/// Native send buffers of one size, reused: a call sends 50 a second and the platform holds a few at a time, so the
/// pool stays at a handful of buffers. Buffers beyond <c>maxRetained</c> are freed on return; disposing the pool frees
/// those it holds (buffers still with the platform are freed when they come back).
/// </summary>
public sealed class AudioSendBufferPool : IDisposable
{
    private readonly Lock _gate = new();
    private readonly Stack<PooledAudioSendBuffer> _free = new();
    private readonly int _maxRetained;
    private bool _disposed;
    private int _created;

    public AudioSendBufferPool(int bufferBytes, PlatformAudioFormat format = PlatformAudioFormat.Pcm16K, int maxRetained = 16)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferBytes, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetained, 1);
        BufferBytes = bufferBytes;
        Format = format;
        _maxRetained = maxRetained;
    }

    public int BufferBytes { get; }

    public PlatformAudioFormat Format { get; }

    /// <summary>Buffers ever allocated.</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Buffers waiting for reuse.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _free.Count;
            }
        }
    }

    /// <summary>A buffer filled with <paramref name="pcm"/>; whoever sends it hands ownership to the socket, which disposes it.</summary>
    public PooledAudioSendBuffer Rent(ReadOnlySpan<byte> pcm, long timestamp, bool isSilence)
    {
        PooledAudioSendBuffer? buffer = null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _free.TryPop(out buffer);
        }

        if (buffer is null)
        {
            buffer = new PooledAudioSendBuffer(this, BufferBytes, Format);
            Interlocked.Increment(ref _created);
        }

        buffer.Fill(pcm, timestamp, isSilence);
        buffer.MarkRented();
        return buffer;
    }

    public void Dispose()
    {
        PooledAudioSendBuffer[] free;
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            free = [.. _free];
            _free.Clear();
        }

        foreach (var buffer in free)
        {
            buffer.Free();
        }
    }

    internal void Return(PooledAudioSendBuffer buffer)
    {
        lock (_gate)
        {
            if (!_disposed && _free.Count < _maxRetained)
            {
                _free.Push(buffer);
                return;
            }
        }

        buffer.Free();
    }
}
