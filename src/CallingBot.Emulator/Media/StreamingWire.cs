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

    private readonly ArrayBufferWriter<byte> _buffer = new(2048);
    private readonly Utf8JsonWriter _writer;

    public StreamingWire() => _writer = new Utf8JsonWriter(_buffer);

    public ReadOnlyMemory<byte> AudioMetadata(string subscriptionId)
    {
        Reset();
        _writer.WriteStartObject();
        _writer.WriteString("kind", "AudioMetadata");
        _writer.WriteStartObject("audioMetadata");
        _writer.WriteString("subscriptionId", subscriptionId);
        _writer.WriteString("encoding", "PCM");
        _writer.WriteNumber("sampleRate", ParticipantAudioSource.SampleRate);
        _writer.WriteNumber("channels", 1);
        _writer.WriteNumber("length", ParticipantAudioSource.BytesPerFrame);
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
    public static BotMessage Read(ReadOnlySpan<byte> json, Span<byte> pcm)
    {
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

    private void Reset()
    {
        _buffer.ResetWrittenCount();
        _writer.Reset(_buffer);
    }
}
