using System.Runtime.InteropServices;
using Microsoft.Skype.Bots.Media;
using PlatformAudioFormat = Microsoft.Skype.Bots.Media.AudioFormat;

namespace CallingBot.Media.Windows.Audio;

/// <summary>
/// An audio buffer for <see cref="IAudioSocket.Send"/> whose native memory is allocated once and reused: the platform
/// disposes a buffer once it has sent it, which returns it to its <see cref="AudioSendBufferPool"/> instead of freeing
/// the memory (the SDK's own <c>AudioSendBuffer</c> allocates and frees native memory for every 20 ms frame).
/// </summary>
public sealed class PooledAudioSendBuffer : AudioMediaBuffer
{
    private readonly AudioSendBufferPool _pool;
    private int _rented;

    internal PooledAudioSendBuffer(AudioSendBufferPool pool, int capacity, PlatformAudioFormat format)
    {
        _pool = pool;
        Capacity = capacity;
        Data = Marshal.AllocHGlobal(capacity);
        Length = capacity;
        AudioFormat = format;
    }

    /// <summary>Bytes of native memory behind <see cref="AudioMediaBuffer.Data"/>.</summary>
    public int Capacity { get; }

    /// <summary>True while the buffer is out of its pool (between a rent and the platform's dispose).</summary>
    public bool IsRented => Volatile.Read(ref _rented) == 1;

    /// <summary>Copies <paramref name="pcm"/> into the native memory and stamps the buffer.</summary>
    internal unsafe void Fill(ReadOnlySpan<byte> pcm, long timestamp, bool isSilence)
    {
        if (pcm.Length > Capacity)
        {
            throw new ArgumentException($"A send buffer holds {Capacity} bytes; the frame has {pcm.Length}.", nameof(pcm));
        }

        pcm.CopyTo(new Span<byte>((void*)Data, Capacity));
        Length = pcm.Length;
        Timestamp = timestamp;
        IsSilence = isSilence;
    }

    internal void MarkRented() => Volatile.Write(ref _rented, 1);

    /// <summary>Frees the native memory for good (the pool is full or being disposed).</summary>
    internal void Free()
    {
        var data = Data;
        Data = 0;
        if (data != 0)
        {
            Marshal.FreeHGlobal(data);
        }
    }

    protected override void Dispose(bool disposing)
    {
        // The platform disposes a buffer once it has sent it: back to the pool, once.
        if (Interlocked.Exchange(ref _rented, 0) == 1)
        {
            _pool.Return(this);
        }
    }
}
