using System.Buffers.Binary;
using CallingBot.Media.Audio;

namespace CallingBot.Media.Wav;

/// <summary>
/// Reads 16-bit PCM from a RIFF/WAVE stream. The header is parsed and validated by the constructor, which
/// rejects anything but 16-bit integer PCM with a <see cref="WavFormatException"/> naming what it found.
/// Unknown chunks (LIST, fact, ...) are skipped. The stream need not be seekable.
/// </summary>
public sealed class WavReader : IDisposable
{
    internal const ushort PcmFormatTag = 1;
    private const ushort ExtensibleFormatTag = 0xFFFE;
    private const int MaxSkippedChunkBytes = 16 * 1024 * 1024;

    private readonly Stream _stream;
    private readonly bool _leaveOpen;
    private long _remaining;

    public WavReader(Stream stream, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _stream = stream;
        _leaveOpen = leaveOpen;

        Span<byte> riff = stackalloc byte[12];
        ReadExactly(riff, "RIFF header");
        if (!riff[..4].SequenceEqual("RIFF"u8) || !riff[8..12].SequenceEqual("WAVE"u8))
        {
            throw new WavFormatException("Not a WAV file: the stream does not start with a RIFF/WAVE header.");
        }

        var sawFormat = false;
        Span<byte> chunkHeader = stackalloc byte[8];
        while (true)
        {
            ReadExactly(chunkHeader, "chunk header");
            var size = BinaryPrimitives.ReadUInt32LittleEndian(chunkHeader[4..]);
            if (chunkHeader[..4].SequenceEqual("fmt "u8))
            {
                ReadFormat(size);
                sawFormat = true;
            }
            else if (chunkHeader[..4].SequenceEqual("data"u8))
            {
                if (!sawFormat)
                {
                    throw new WavFormatException("The WAV data chunk comes before any fmt chunk.");
                }

                DataLength = size;
                _remaining = size;
                return;
            }
            else
            {
                Skip(size + (size & 1));
            }
        }
    }

    public int SampleRate { get; private set; }

    public int Channels { get; private set; }

    /// <summary>Bytes of PCM announced by the data chunk.</summary>
    public long DataLength { get; private set; }

    public TimeSpan Duration =>
        TimeSpan.FromTicks(DataLength / (Channels * AudioFormat.BytesPerSample) * TimeSpan.TicksPerSecond / SampleRate);

    /// <summary>Opens the WAV file at <paramref name="path"/>.</summary>
    public static WavReader Open(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 16 * 1024);
        try
        {
            return new WavReader(stream);
        }
        catch
        {
            stream.Dispose();
            throw;
        }
    }

    /// <summary>True when the file's rate and channels are those of <paramref name="format"/>.</summary>
    public bool Matches(AudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        return format.SampleRate == SampleRate && format.Channels == Channels;
    }

    /// <summary>Reads PCM bytes into <paramref name="buffer"/>; returns 0 at the end of the data chunk.</summary>
    public int Read(Span<byte> buffer)
    {
        var wanted = (int)Math.Min(buffer.Length, _remaining);
        var total = 0;
        while (total < wanted)
        {
            var read = _stream.Read(buffer[total..wanted]);
            if (read == 0)
            {
                _remaining = 0;
                break;
            }

            total += read;
        }

        _remaining -= total;
        return total;
    }

    /// <summary>Reads all remaining PCM bytes.</summary>
    public byte[] ReadToEnd()
    {
        using var memory = new MemoryStream();
        Span<byte> buffer = stackalloc byte[4096];
        int read;
        while ((read = Read(buffer)) > 0)
        {
            memory.Write(buffer[..read]);
        }

        return memory.ToArray();
    }

    public void Dispose()
    {
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private void ReadFormat(uint size)
    {
        if (size < 16 || size > 1024)
        {
            throw new WavFormatException($"The WAV fmt chunk is {size} bytes; expected 16 to 1024.");
        }

        Span<byte> fmt = stackalloc byte[(int)(size + (size & 1))];
        ReadExactly(fmt, "fmt chunk");
        var tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        var channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        var sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        var blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        var bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        if (tag == ExtensibleFormatTag && size >= 40)
        {
            // WAVE_FORMAT_EXTENSIBLE: the first two bytes of the sub-format GUID carry the real format tag.
            tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt[24..]);
        }

        if (tag != PcmFormatTag)
        {
            throw new WavFormatException($"WAV format tag {tag} ({DescribeTag(tag)}) is not supported; only 16-bit integer PCM is.");
        }

        if (bits != AudioFormat.BitsPerSample)
        {
            throw new WavFormatException($"WAV files with {bits} bits per sample are not supported; only 16-bit PCM is.");
        }

        if (channels == 0 || sampleRate == 0 || sampleRate > 384_000)
        {
            throw new WavFormatException($"The WAV fmt chunk announces {channels} channels at {sampleRate} Hz.");
        }

        if (blockAlign != channels * AudioFormat.BytesPerSample)
        {
            throw new WavFormatException($"The WAV block alignment is {blockAlign}; {channels} channels of 16-bit PCM need {channels * 2}.");
        }

        SampleRate = (int)sampleRate;
        Channels = channels;
    }

    private static string DescribeTag(ushort tag) => tag switch
    {
        3 => "IEEE float",
        6 => "A-law",
        7 => "mu-law",
        0x11 => "IMA ADPCM",
        0x55 => "MP3",
        _ => "compressed or unknown",
    };

    private void Skip(long count)
    {
        if (count > MaxSkippedChunkBytes)
        {
            throw new WavFormatException($"A WAV chunk before the audio data is {count} bytes; at most {MaxSkippedChunkBytes} are skipped.");
        }

        if (_stream.CanSeek)
        {
            if (_stream.Position + count > _stream.Length)
            {
                throw new WavFormatException("Unexpected end of file while skipping a WAV chunk.");
            }

            _stream.Seek(count, SeekOrigin.Current);
            return;
        }

        Span<byte> scratch = stackalloc byte[512];
        while (count > 0)
        {
            var chunk = (int)Math.Min(count, scratch.Length);
            ReadExactly(scratch[..chunk], "skipped chunk");
            count -= chunk;
        }
    }

    private void ReadExactly(Span<byte> buffer, string what)
    {
        try
        {
            _stream.ReadExactly(buffer);
        }
        catch (EndOfStreamException ex)
        {
            throw new WavFormatException($"Unexpected end of file while reading the WAV {what}.", ex);
        }
    }
}
