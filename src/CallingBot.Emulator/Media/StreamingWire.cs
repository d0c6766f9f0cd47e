using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.Json;

namespace CallingBot.Emulator.Media;

/// <summary>
/// The emulator's side of the media streaming protocol: writes <c>AudioMetadata</c>/<c>AudioData</c> and CBVF video
/// frames, reads what the bot sends. Written from the protocol description, independent of the bot's code.
/// </summary>
internal sealed class StreamingWire : IDisposable
{
    public const int VideoHeaderSize = 32;

    /// <summary>The sample rate ACS's <c>pcm24KMono</c> streams at; the emulator's sources and keepers stay at 16 kHz.</summary>
    public const int Wideband24K = 24_000;

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;
    private readonly int _sampleRate;
    private readonly byte[] _resampled;

    /// <param name="sampleRate">The rate on the wire: 16 kHz, or 24 kHz (frames are resampled from and to 16 kHz).</param>
    public StreamingWire(int sampleRate = ParticipantAudioSource.SampleRate)
    {
        if (sampleRate is not (ParticipantAudioSource.SampleRate or Wideband24K))
        {
            throw new ArgumentOutOfRangeException(nameof(sampleRate), sampleRate, "The emulator streams 16 or 24 kHz.");
        }

        _sampleRate = sampleRate;
        _resampled = new byte[WireFrameBytes(sampleRate)];
        _writer = new Utf8JsonWriter(_buffer);
    }

    /// <summary>Bytes of one 20 ms mono 16-bit frame at <paramref name="sampleRate"/> (640 at 16 kHz, 960 at 24 kHz).</summary>
    public static int WireFrameBytes(int sampleRate) => sampleRate / 50 * 2;

    public ReadOnlyMemory<byte> AudioMetadata(string subscriptionId)
    {
        Reset();
        _writer.WriteStartObject();
        _writer.WriteString("kind", "AudioMetadata");
        _writer.WriteStartObject("audioMetadata");
        _writer.WriteString("subscriptionId", subscriptionId);
        _writer.WriteString("encoding", "PCM");
        _writer.WriteNumber("sampleRate", _sampleRate);
        _writer.WriteNumber("channels", 1);
        _writer.WriteNumber("length", WireFrameBytes(_sampleRate));
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    public ReadOnlyMemory<byte> AudioData(ReadOnlySpan<byte> pcm, DateTimeOffset timestamp, string? participantRawId, bool silent)
    {
        Reset();
        _writer.WriteStartObject();
        _writer.WriteString("kind", "AudioData");
        _writer.WriteStartObject("audioData");
        _writer.WriteString("timestamp", timestamp.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        if (participantRawId is not null)
        {
            _writer.WriteString("participantRawID", participantRawId);
        }

        if (_sampleRate == Wideband24K)
        {
            Resample(pcm, _resampled);
            pcm = _resampled;
        }

        _writer.WriteBase64String("data", pcm);
        _writer.WriteBoolean("silent", silent);
        _writer.WriteEndObject();
        _writer.WriteEndObject();
        _writer.Flush();
        return _buffer.WrittenMemory;
    }

    /// <summary>Writes a CBVF v1 NV12 frame header into <paramref name="destination"/>.</summary>
    public static void WriteVideoHeader(Span<byte> destination, uint sourceId, int width, int height, TimeSpan timestamp, int payloadLength)
    {
        destination[..VideoHeaderSize].Clear();
        "CBVF"u8.CopyTo(destination);
        destination[4] = 1;
        destination[5] = 1;
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], sourceId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], (ushort)height);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], timestamp.Ticks);
        BinaryPrimitives.WriteInt32LittleEndian(destination[24..], payloadLength);
    }

    /// <summary>True for a well-formed CBVF v1 message.</summary>
    public static bool IsVideoFrame(ReadOnlySpan<byte> message) =>
        message.Length >= VideoHeaderSize
        && message[..4].SequenceEqual("CBVF"u8)
        && message[4] == 1
        && BinaryPrimitives.ReadInt32LittleEndian(message[24..]) == message.Length - VideoHeaderSize;

    /// <summary>
    /// Reads a message from the bot: <c>AudioData</c> (decodes its frame into <paramref name="pcm"/>), <c>StopAudio</c>
    /// or anything else. Property names and kinds are matched ignoring case.
    /// </summary>
    public static BotMessage Read(ReadOnlySpan<byte> json, Span<byte> pcm) => Read(json, pcm, ParticipantAudioSource.SampleRate);

    /// <summary>
    /// Reads a message from the bot streaming at <paramref name="sampleRate"/>: a 24 kHz frame is resampled into the
    /// 16 kHz <paramref name="pcm"/>; a frame of any other size is not audio.
    /// </summary>
    public static BotMessage Read(ReadOnlySpan<byte> json, Span<byte> pcm, int sampleRate)
    {
        if (sampleRate == Wideband24K)
        {
            Span<byte> wide = stackalloc byte[WireFrameBytes(Wideband24K)];
            var message = Read(json, wide, ParticipantAudioSource.SampleRate);
            if (message == BotMessage.Audio)
            {
                Resample(wide, pcm);
            }

            return message;
        }

        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        string? kind = null;
        var hasData = false;
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return BotMessage.Unknown;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            reader.Read();
            if (string.Equals(name, "kind", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
            {
                kind = reader.GetString();
            }
            else if (string.Equals(name, "audioData", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.StartObject)
            {
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var inner = reader.GetString();
                    reader.Read();
                    if (string.Equals(inner, "data", StringComparison.OrdinalIgnoreCase) && reader.TokenType == JsonTokenType.String)
                    {
                        var bytes = reader.GetBytesFromBase64();
                        hasData = bytes.Length == pcm.Length;
                        if (hasData)
                        {
                            bytes.CopyTo(pcm);
                        }
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
            }
            else
            {
                reader.Skip();
            }
        }

        return kind?.ToUpperInvariant() switch
        {
            "AUDIODATA" when hasData => BotMessage.Audio,
            "STOPAUDIO" => BotMessage.StopAudio,
            _ => BotMessage.Unknown,
        };
    }

    public void Dispose() => _writer.Dispose();

    /// <summary>
    /// Resamples one mono 16-bit frame to the length of <paramref name="destination"/> by linear interpolation (16 ↔ 24
    /// kHz in the emulator). Each output sample is read at its position in the input, the last input sample held at the
    /// frame's end, so 16 → 24 → 16 kHz gives every other sample back exactly.
    /// </summary>
    public static void Resample(ReadOnlySpan<byte> source, Span<byte> destination)
    {
        var input = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(source);
        var output = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(destination);
        for (var j = 0; j < output.Length; j++)
        {
            var scaled = (long)j * input.Length;
            var index = (int)(scaled / output.Length);
            var fraction = (double)(scaled % output.Length) / output.Length;
            var next = input[Math.Min(index + 1, input.Length - 1)];
            output[j] = (short)Math.Round((input[index] * (1 - fraction)) + (next * fraction));
        }
    }

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }
}
