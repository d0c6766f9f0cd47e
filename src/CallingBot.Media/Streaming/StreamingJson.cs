using System.Text;
using System.Text.Json;

namespace CallingBot.Media.Streaming;

/// <summary>Property names and token helpers shared by the media streaming reader and writer.</summary>
internal static class StreamingJson
{
    public static readonly JsonEncodedText Kind = JsonEncodedText.Encode("kind");
    public static readonly JsonEncodedText AudioMetadata = JsonEncodedText.Encode("audioMetadata");
    public static readonly JsonEncodedText AudioData = JsonEncodedText.Encode("audioData");
    public static readonly JsonEncodedText StopAudio = JsonEncodedText.Encode("stopAudio");
    public static readonly JsonEncodedText SubscriptionId = JsonEncodedText.Encode("subscriptionId");
    public static readonly JsonEncodedText Encoding = JsonEncodedText.Encode("encoding");
    public static readonly JsonEncodedText SampleRate = JsonEncodedText.Encode("sampleRate");
    public static readonly JsonEncodedText Channels = JsonEncodedText.Encode("channels");
    public static readonly JsonEncodedText Length = JsonEncodedText.Encode("length");
    public static readonly JsonEncodedText Timestamp = JsonEncodedText.Encode("timestamp");
    public static readonly JsonEncodedText ParticipantRawId = JsonEncodedText.Encode("participantRawID");
    public static readonly JsonEncodedText Data = JsonEncodedText.Encode("data");
    public static readonly JsonEncodedText Silent = JsonEncodedText.Encode("silent");

    public static readonly JsonEncodedText AudioMetadataKind = JsonEncodedText.Encode("AudioMetadata");
    public static readonly JsonEncodedText AudioDataKind = JsonEncodedText.Encode("AudioData");
    public static readonly JsonEncodedText StopAudioKind = JsonEncodedText.Encode("StopAudio");

    private const int MaxComparedLength = 128;

    /// <summary>
    /// Compares the current property name or string value with <paramref name="expected"/>, ignoring ASCII
    /// case: ACS writes camelCase, its samples and SDKs also write PascalCase.
    /// </summary>
    public static bool TextEquals(ref Utf8JsonReader reader, ReadOnlySpan<byte> expected)
    {
        if (!reader.ValueIsEscaped)
        {
            return Ascii.EqualsIgnoreCase(reader.ValueSpan, expected);
        }

        if (reader.ValueSpan.Length > MaxComparedLength)
        {
            return false;
        }

        Span<byte> unescaped = stackalloc byte[MaxComparedLength];
        var length = reader.CopyString(unescaped);
        return Ascii.EqualsIgnoreCase(unescaped[..length], expected);
    }
}
