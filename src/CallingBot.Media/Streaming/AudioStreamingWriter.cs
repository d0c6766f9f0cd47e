using System.Text.Json;

namespace CallingBot.Media.Streaming;

/// <summary>
/// Writes the media streaming JSON messages with a <see cref="Utf8JsonWriter"/>. The PCM payload is
/// base64-encoded straight into the writer's buffer.
/// </summary>
public static class AudioStreamingWriter
{
    /// <summary><c>{"kind":"AudioMetadata","audioMetadata":{...}}</c>, sent first by the service.</summary>
    public static void WriteAudioMetadata(Utf8JsonWriter writer, AudioMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(metadata);
        writer.WriteStartObject();
        writer.WriteString(StreamingJson.Kind, StreamingJson.AudioMetadataKind);
        writer.WriteStartObject(StreamingJson.AudioMetadata);
        if (metadata.SubscriptionId is not null)
        {
            writer.WriteString(StreamingJson.SubscriptionId, metadata.SubscriptionId);
        }

        writer.WriteString(StreamingJson.Encoding, metadata.Encoding);
        writer.WriteNumber(StreamingJson.SampleRate, metadata.SampleRate);
        writer.WriteNumber(StreamingJson.Channels, metadata.Channels);
        writer.WriteNumber(StreamingJson.Length, metadata.Length);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The service-to-bot audio message:
    /// <c>{"kind":"AudioData","audioData":{"timestamp":"...Z","participantRawID":"...","data":"...","silent":false}}</c>.
    /// <paramref name="participantRawId"/> is null for mixed audio and then omitted.
    /// </summary>
    public static void WriteInboundAudio(
        Utf8JsonWriter writer,
        ReadOnlySpan<byte> pcm,
        DateTimeOffset timestamp,
        string? participantRawId,
        bool silent)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(StreamingJson.Kind, StreamingJson.AudioDataKind);
        writer.WriteStartObject(StreamingJson.AudioData);
        writer.WriteString(StreamingJson.Timestamp, timestamp.UtcDateTime);
        if (participantRawId is not null)
        {
            writer.WriteString(StreamingJson.ParticipantRawId, participantRawId);
        }

        writer.WriteBase64String(StreamingJson.Data, pcm);
        writer.WriteBoolean(StreamingJson.Silent, silent);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>
    /// The bot-to-service audio message of ACS bidirectional streaming:
    /// <c>{"kind":"AudioData","audioData":{"data":"..."},"stopAudio":null}</c>.
    /// </summary>
    public static void WriteOutboundAudio(Utf8JsonWriter writer, ReadOnlySpan<byte> pcm)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(StreamingJson.Kind, StreamingJson.AudioDataKind);
        writer.WriteStartObject(StreamingJson.AudioData);
        writer.WriteBase64String(StreamingJson.Data, pcm);
        writer.WriteEndObject();
        writer.WriteNull(StreamingJson.StopAudio);
        writer.WriteEndObject();
    }

    /// <summary>The barge-in message: <c>{"kind":"StopAudio","audioData":null,"stopAudio":{}}</c>.</summary>
    public static void WriteStopAudio(Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartObject();
        writer.WriteString(StreamingJson.Kind, StreamingJson.StopAudioKind);
        writer.WriteNull(StreamingJson.AudioData);
        writer.WriteStartObject(StreamingJson.StopAudio);
        writer.WriteEndObject();
        writer.WriteEndObject();
    }
}
