using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>A call connection as the service reports it (the 201 body of Create Call, the body of Get Call).</summary>
public sealed record CallConnectionProperties
{
    [JsonPropertyName("callConnectionId")]
    public string? CallConnectionId { get; init; }

    [JsonPropertyName("serverCallId")]
    public string? ServerCallId { get; init; }

    [JsonPropertyName("targets")]
    public IReadOnlyList<CommunicationIdentifierModel>? Targets { get; init; }

    /// <summary>One of <see cref="CallConnectionStates"/>, or a value a later API version added.</summary>
    [JsonPropertyName("callConnectionState")]
    public string? CallConnectionState { get; init; }

    [JsonPropertyName("callbackUri")]
    public string? CallbackUri { get; init; }

    [JsonPropertyName("source")]
    public CommunicationIdentifierModel? Source { get; init; }

    [JsonPropertyName("sourceCallerIdNumber")]
    public PhoneNumberIdentifierModel? SourceCallerIdNumber { get; init; }

    [JsonPropertyName("sourceDisplayName")]
    public string? SourceDisplayName { get; init; }

    [JsonPropertyName("correlationId")]
    public string? CorrelationId { get; init; }

    [JsonPropertyName("mediaStreamingSubscription")]
    public MediaStreamingSubscription? MediaStreamingSubscription { get; init; }
}
