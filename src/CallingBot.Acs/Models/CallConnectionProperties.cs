using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>A call connection as the service reports it (the 201 body of Create Call).</summary>
public sealed record CallConnectionProperties
{
    [JsonPropertyName("callConnectionId")]
    public string? CallConnectionId { get; init; }

    [JsonPropertyName("serverCallId")]
    public string? ServerCallId { get; init; }

    [JsonPropertyName("source")]
    public CallSource? Source { get; init; }

    [JsonPropertyName("targets")]
    public IReadOnlyList<CommunicationIdentifierModel>? Targets { get; init; }

    /// <summary>One of <see cref="CallConnectionStates"/>, or a value a later API version added.</summary>
    [JsonPropertyName("callConnectionState")]
    public string? CallConnectionState { get; init; }

    [JsonPropertyName("callbackUri")]
    public string? CallbackUri { get; init; }

    [JsonPropertyName("mediaSubscriptionId")]
    public string? MediaSubscriptionId { get; init; }
}
