using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;
using CallingBot.Media.Audio;

namespace CallingBot.Media.Streaming;

/// <summary>
/// Decodes the media streaming JSON messages of one connection. Audio is base64-decoded straight into a
/// pooled <see cref="AudioFrame"/>; participant ids are cached; so an <c>AudioData</c> message allocates
/// nothing in steady state. Property names and kinds are matched ignoring case. Frame timestamps are media
/// time: the wire timestamp minus the wire timestamp of the connection's first frame.
/// Not thread-safe: one decoder per connection.
/// </summary>
public sealed class AudioStreamingDecoder
{
    /// <summary>Default bound on a message: a 640-byte frame encodes to well under 2 KiB.</summary>
    public const int DefaultMaxMessageBytes = 16 * 1024;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 8 };

    private readonly AudioFramePool _pool;
    private readonly ParticipantIdCache _participants = new();
    private readonly int _maxMessageBytes;
    private TimeSpan _lastTimestamp = -TimeSpan.FromTicks(1);

    public AudioStreamingDecoder(AudioFramePool pool, int maxMessageBytes = DefaultMaxMessageBytes)
    {
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxMessageBytes, 256);
        _pool = pool;
        _maxMessageBytes = maxMessageBytes;
    }

    public AudioFormat Format => _pool.Format;

    /// <summary>The metadata received on this connection, once it arrived.</summary>
    public AudioMetadata? Metadata { get; private set; }

    /// <summary>The wire timestamp that media time zero corresponds to (the first timed frame).</summary>
    public DateTimeOffset? Epoch { get; private set; }

    /// <summary>
    /// Decodes one complete text message. Throws <see cref="MediaProtocolException"/> when the message is
    /// not valid JSON, is too large, lacks a kind, carries audio that is not exactly one frame, or announces
    /// a format other than this decoder's.
    /// </summary>
    public StreamingMessage Decode(ReadOnlySpan<byte> utf8Json)
    {
        if (utf8Json.IsEmpty)
        {
            throw new MediaProtocolException("Empty media streaming message.");
        }

        if (utf8Json.Length > _maxMessageBytes)
        {
            throw new MediaProtocolException(
                $"A media streaming message of {utf8Json.Length} bytes exceeds the limit of {_maxMessageBytes} bytes.");
        }

        var kind = (StreamingMessageKind?)null;
        AudioMetadata? metadata = null;
        AudioFrame? frame = null;
        DateTimeOffset? wireTimestamp = null;
        try
        {
            var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw new MediaProtocolException("A media streaming message must be a JSON object.");
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (StreamingJson.TextEquals(ref reader, "kind"u8))
                {
                    reader.Read();
                    kind = ReadKind(ref reader);
                }
                else if (StreamingJson.TextEquals(ref reader, "audioData"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        frame ??= _pool.Rent();
                        wireTimestamp = ReadAudioData(ref reader, frame);
                    }
                }
                else if (StreamingJson.TextEquals(ref reader, "audioMetadata"u8))
                {
                    reader.Read();
                    if (reader.TokenType != JsonTokenType.Null)
                    {
                        metadata = ReadMetadata(ref reader);
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                throw new MediaProtocolException("A media streaming message must be a single JSON object.");
            }
        }
        catch (JsonException ex)
        {
            frame?.Dispose();
            throw new MediaProtocolException($"Malformed media streaming message: {ex.Message}", ex);
        }
        catch
        {
            frame?.Dispose();
            throw;
        }

        switch (kind)
        {
            case StreamingMessageKind.AudioData when frame is not null:
                StampMediaTime(frame, wireTimestamp);
                return new StreamingMessage(StreamingMessageKind.AudioData, Frame: frame, WireTimestamp: wireTimestamp);
            case StreamingMessageKind.AudioData:
                throw new MediaProtocolException("An AudioData message has no audioData object.");
            case StreamingMessageKind.AudioMetadata:
                frame?.Dispose();
                Metadata = Validate(metadata ?? throw new MediaProtocolException("An AudioMetadata message has no audioMetadata object."));
                return new StreamingMessage(StreamingMessageKind.AudioMetadata, Metadata: Metadata);
            case null:
                frame?.Dispose();
                throw new MediaProtocolException("A media streaming message has no kind.");
            default:
                frame?.Dispose();
                return new StreamingMessage(kind.Value);
        }
    }

    private void StampMediaTime(AudioFrame frame, DateTimeOffset? wireTimestamp)
    {
        if (wireTimestamp is { } wire)
        {
            Epoch ??= wire;
            frame.Timestamp = wire - Epoch.Value;
        }
        else
        {
            // Untimed audio (the bot's own outbound form): frames follow each other.
            frame.Timestamp = _lastTimestamp + Format.FrameDuration;
        }

        _lastTimestamp = frame.Timestamp;
    }

    private static StreamingMessageKind ReadKind(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new MediaProtocolException("The kind of a media streaming message must be a string.");
        }

        if (StreamingJson.TextEquals(ref reader, "AudioData"u8))
        {
            return StreamingMessageKind.AudioData;
        }

        if (StreamingJson.TextEquals(ref reader, "AudioMetadata"u8))
        {
            return StreamingMessageKind.AudioMetadata;
        }

        return StreamingJson.TextEquals(ref reader, "StopAudio"u8) ? StreamingMessageKind.StopAudio : StreamingMessageKind.Unknown;
    }

    private DateTimeOffset? ReadAudioData(ref Utf8JsonReader reader, AudioFrame frame)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new MediaProtocolException("audioData must be a JSON object.");
        }

        DateTimeOffset? timestamp = null;
        var hasData = false;
        frame.ParticipantId = null;
        frame.IsSilent = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (StreamingJson.TextEquals(ref reader, "data"u8))
            {
                reader.Read();
                hasData = ReadPayload(ref reader, frame);
            }
            else if (StreamingJson.TextEquals(ref reader, "timestamp"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.Null)
                {
                    if (reader.TokenType != JsonTokenType.String || !reader.TryGetDateTimeOffset(out var value))
                    {
                        throw new MediaProtocolException("audioData.timestamp must be an ISO 8601 date and time.");
                    }

                    timestamp = value;
                }
            }
            else if (StreamingJson.TextEquals(ref reader, "participantRawID"u8))
            {
                reader.Read();
                frame.ParticipantId = ReadParticipant(ref reader);
            }
            else if (StreamingJson.TextEquals(ref reader, "silent"u8))
            {
                reader.Read();
                frame.IsSilent = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False or JsonTokenType.Null => false,
                    _ => throw new MediaProtocolException("audioData.silent must be a boolean."),
                };
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasData)
        {
            if (!frame.IsSilent)
            {
                throw new MediaProtocolException("audioData has no data.");
            }

            frame.Data.Clear();
        }

        return timestamp;
    }

    private bool ReadPayload(ref Utf8JsonReader reader, AudioFrame frame)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return false;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            throw new MediaProtocolException("audioData.data must be a base64 string.");
        }

        if (reader.ValueSpan.IsEmpty)
        {
            return false;
        }

        if (!reader.ValueIsEscaped)
        {
            Decode(reader.ValueSpan, frame);
            return true;
        }

        // JSON may escape '+' and '/' (for example as \u002B); unescape into a rented buffer first.
        var rented = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            var length = reader.CopyString(rented);
            Decode(rented.AsSpan(0, length), frame);
            return true;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Decode(ReadOnlySpan<byte> base64, AudioFrame frame)
    {
        var status = Base64.DecodeFromUtf8(base64, frame.Data, out _, out var written);
        switch (status)
        {
            case OperationStatus.Done when written == Format.BytesPerFrame:
                return;
            case OperationStatus.Done:
                throw new MediaProtocolException(
                    $"audioData.data holds {written} bytes; one frame of {Format} is {Format.BytesPerFrame} bytes.");
            case OperationStatus.DestinationTooSmall:
                throw new MediaProtocolException(
                    $"audioData.data holds more than one frame of {Format} ({Format.BytesPerFrame} bytes).");
            default:
                throw new MediaProtocolException("audioData.data is not valid base64.");
        }
    }

    private string? ReadParticipant(ref Utf8JsonReader reader)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                return null;
            case JsonTokenType.String when !reader.ValueIsEscaped:
                return reader.ValueSpan.IsEmpty ? null : _participants.GetOrAdd(reader.ValueSpan);
            case JsonTokenType.String:
                return _participants.GetOrAdd(reader.GetString()!);
            default:
                throw new MediaProtocolException("audioData.participantRawID must be a string.");
        }
    }

    private static AudioMetadata ReadMetadata(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new MediaProtocolException("audioMetadata must be a JSON object.");
        }

        string? subscriptionId = null;
        string? encoding = null;
        int sampleRate = 0, channels = 0, length = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (StreamingJson.TextEquals(ref reader, "subscriptionId"u8))
            {
                reader.Read();
                subscriptionId = reader.TokenType == JsonTokenType.Null ? null : ReadString(ref reader, "subscriptionId");
            }
            else if (StreamingJson.TextEquals(ref reader, "encoding"u8))
            {
                reader.Read();
                encoding = ReadString(ref reader, "encoding");
            }
            else if (StreamingJson.TextEquals(ref reader, "sampleRate"u8))
            {
                reader.Read();
                sampleRate = ReadInt(ref reader, "sampleRate");
            }
            else if (StreamingJson.TextEquals(ref reader, "channels"u8))
            {
                reader.Read();
                channels = ReadInt(ref reader, "channels");
            }
            else if (StreamingJson.TextEquals(ref reader, "length"u8))
            {
                reader.Read();
                length = ReadInt(ref reader, "length");
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new AudioMetadata(subscriptionId, encoding ?? "PCM", sampleRate, channels, length);
    }

    private static string ReadString(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.String
            ? reader.GetString()!
            : throw new MediaProtocolException($"audioMetadata.{name} must be a string.");

    private static int ReadInt(ref Utf8JsonReader reader, string name) =>
        reader.TokenType == JsonTokenType.Number && reader.TryGetInt32(out var value)
            ? value
            : throw new MediaProtocolException($"audioMetadata.{name} must be an integer.");

    private AudioMetadata Validate(AudioMetadata metadata)
    {
        if (!string.Equals(metadata.Encoding, "PCM", StringComparison.OrdinalIgnoreCase))
        {
            throw new MediaProtocolException($"audioMetadata.encoding '{metadata.Encoding}' is not supported; only PCM is.");
        }

        if (metadata.SampleRate != Format.SampleRate)
        {
            throw new MediaProtocolException(
                $"audioMetadata.sampleRate is {metadata.SampleRate} Hz; this pipeline is configured for {Format.SampleRate} Hz.");
        }

        if (metadata.Channels != Format.Channels)
        {
            throw new MediaProtocolException(
                $"audioMetadata.channels is {metadata.Channels}; this pipeline is configured for {Format.Channels}.");
        }

        if (metadata.Length != 0 && metadata.Length != Format.BytesPerFrame)
        {
            throw new MediaProtocolException(
                $"audioMetadata.length is {metadata.Length} bytes; one frame of {Format} is {Format.BytesPerFrame} bytes.");
        }

        return metadata;
    }
}
