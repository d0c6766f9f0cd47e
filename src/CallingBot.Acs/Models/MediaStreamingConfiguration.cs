using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>Where and how ACS streams the call's media (<c>websocket</c>, <c>audio</c>, <c>mixed</c>/<c>unmixed</c>).</summary>
public sealed record MediaStreamingConfiguration
{
    [JsonPropertyName("transportUrl")]
    public required string TransportUrl { get; init; }

    [JsonPropertyName("transportType")]
    public string TransportType { get; init; } = "websocket";

    [JsonPropertyName("contentType")]
    public string ContentType { get; init; } = "audio";

    [JsonPropertyName("audioChannelType")]
    public string AudioChannelType { get; init; } = "mixed";

    /// <summary>Stream as soon as the call connects (true), or only after <c>:startMediaStreaming</c>.</summary>
    [JsonPropertyName("startMediaStreaming")]
    public bool StartMediaStreaming { get; init; } = true;

    /// <summary>The bot may send audio back into the call on the same socket.</summary>
    [JsonPropertyName("enableBidirectional")]
    public bool EnableBidirectional { get; init; } = true;

    /// <summary>PCM 16 kHz mono: the media pipeline's format (640-byte, 20 ms frames).</summary>
    [JsonPropertyName("audioFormat")]
    public string AudioFormat { get; init; } = "pcm16KMono";
}
