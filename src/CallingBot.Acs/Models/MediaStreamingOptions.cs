using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>
/// Where and how ACS streams the call's media: a WebSocket <see cref="TransportUrl"/>, audio, mixed or unmixed, started
/// with the call, both directions, PCM 16 kHz mono.
/// </summary>
public sealed record MediaStreamingOptions
{
    [JsonPropertyName("transportUrl")]
    public required string TransportUrl { get; init; }

    [JsonPropertyName("transportType")]
    public string TransportType { get; init; } = "websocket";

    [JsonPropertyName("contentType")]
    public string ContentType { get; init; } = "audio";

    [JsonPropertyName("audioChannelType")]
    public string AudioChannelType { get; init; } = "mixed";

    [JsonPropertyName("startMediaStreaming")]
    public bool StartMediaStreaming { get; init; } = true;

    [JsonPropertyName("enableBidirectional")]
    public bool EnableBidirectional { get; init; } = true;

    [JsonPropertyName("audioFormat")]
    public string AudioFormat { get; init; } = "pcm16KMono";
}
