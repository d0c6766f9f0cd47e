using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>The <c>error</c> object of a Communication Services error response.</summary>
public sealed record CommunicationError
{
    [JsonPropertyName("code")]
    public string? Code { get; init; }

    [JsonPropertyName("message")]
    public string? Message { get; init; }

    /// <summary>The part of the request the error is about, e.g. a field name.</summary>
    [JsonPropertyName("target")]
    public string? Target { get; init; }

    [JsonPropertyName("details")]
    public IReadOnlyList<CommunicationError>? Details { get; init; }

    [JsonPropertyName("innererror")]
    public CommunicationError? InnerError { get; init; }
}
