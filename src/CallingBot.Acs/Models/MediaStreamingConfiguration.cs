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
}
