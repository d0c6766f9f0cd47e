using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>The media streaming of a call connection as the service reports it.</summary>
public sealed record MediaStreamingSubscription
{
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary><c>disabled</c>, <c>inactive</c>, <c>active</c>, … (a string, so later values parse).</summary>
    [JsonPropertyName("state")]
    public string? State { get; init; }

    [JsonPropertyName("subscribedContentTypes")]
    public IReadOnlyList<string>? SubscribedContentTypes { get; init; }
}
