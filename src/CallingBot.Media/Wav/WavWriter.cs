using System.Buffers.Binary;
using CallingBot.Media.Audio;

namespace CallingBot.Media.Wav;

/// <summary>
/// Writes a RIFF/WAVE file of 16-bit PCM incrementally. The header is written first with zero sizes and
/// fixed up by <see cref="Flush"/> and on dispose, so the stream must be seekable.
/// </summary>
public sealed class WavWriter : IDisposable
{
    /// <summary>Size of the canonical PCM header this writer produces.</summary>
    public const int HeaderSize = 44;

    private const long MaxDataLength = uint.MaxValue - (HeaderSize - 8);

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private readonly long _headerPosition;
    private bool _disposed;

    public WavWriter(Stream stream, int sampleRate, int channels, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, ushort.MaxValue / AudioFormat.BytesPerSample);
        if (!stream.CanSeek || !stream.CanWrite)
        {
            throw new ArgumentException("A writable, seekable stream is required so the header can be fixed up on close.", nameof(stream));
        }

        _stream = stream;
        _leaveOpen = leaveOpen;
        SampleRate = sampleRate;
        Channels = channels;
        _headerPosition = stream.Position;

        Span<byte> header = stackalloc byte[HeaderSize];
        WriteHeader(header, 0);
        _stream.Write(header);
    }

    public WavWriter(Stream stream, AudioFormat format, bool leaveOpen = false)
        : this(stream, (format ?? throw new ArgumentNullException(nameof(format))).SampleRate, format.Channels, leaveOpen)
    {
    }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>PCM bytes written so far.</summary>
    public long DataLength { get; private set; }

    public TimeSpan Duration =>
        TimeSpan.FromTicks(DataLength / (Channels * AudioFormat.BytesPerSample) * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Creates (or overwrites) a WAV file at <paramref name="path"/>.</summary>
    public static WavWriter Create(string path, AudioFormat format)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read, 16 * 1024);
        try
        {
            return new WavWriter(stream, format);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>Appends PCM bytes; their length must be a whole number of sample frames.</summary>
    public void Write(ReadOnlySpan<byte> pcm)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var blockAlign = Channels * AudioFormat.BytesPerSample;
        if (pcm.Length % blockAlign != 0)
        {
            throw new ArgumentException($"PCM length {pcm.Length} is not a multiple of the block alignment {blockAlign}.", nameof(pcm));
        }

        EnsureRoom(pcm.Length);
        _stream.Write(pcm);
        DataLength += pcm.Length;
    }

    /// <summary>Appends <paramref name="byteCount"/> bytes of silence.</summary>
    public void WriteSilence(long byteCount)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(byteCount);
        var blockAlign = Channels * AudioFormat.BytesPerSample;
        byteCount -= byteCount % blockAlign;
        EnsureRoom(byteCount);
        ReadOnlySpan<byte> zeros = stackalloc byte[1024];
        var remaining = byteCount;
        while (remaining > 0)
        {
            var chunk = (int)Math.Min(remaining, zeros.Length);
            _stream.Write(zeros[..chunk]);
            remaining -= chunk;
        }

        DataLength += byteCount;
    }

    /// <summary>Writes the current sizes into the header and flushes, leaving a valid file; writing may continue.</summary>
    public void Flush()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        FixUpHeader();
        _stream.Flush();
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        try
        {
            FixUpHeader();
            _stream.Flush();
        }
        finally
        {
            _disposed = true;
            if (!_leaveOpen)
            {
                _stream.Dispose();
            }
        }
    }

    private void EnsureRoom(long byteCount)
    {
        if (DataLength + byteCount > MaxDataLength)
        {
            throw new InvalidOperationException("A WAV file cannot hold more than 4 GiB of audio.");
        }
    }

    private void FixUpHeader()
    {
        var end = _stream.Position;
        Span<byte> sizes = stackalloc byte[4];
        _stream.Position = _headerPosition + 4;
        BinaryPrimitives.WriteUInt32LittleEndian(sizes, (uint)(DataLength + HeaderSize - 8));
        _stream.Write(sizes);
        _stream.Position = _headerPosition + HeaderSize - 4;
        BinaryPrimitives.WriteUInt32LittleEndian(sizes, (uint)DataLength);
        _stream.Write(sizes);
        _stream.Position = end;
    }

    private void WriteHeader(Span<byte> header, uint dataLength)
    {
        var blockAlign = Channels * AudioFormat.BytesPerSample;
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], dataLength + HeaderSize - 8);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], WavReader.PcmFormatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(SampleRate * blockAlign));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], AudioFormat.BitsPerSample);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataLength);
    }
}
