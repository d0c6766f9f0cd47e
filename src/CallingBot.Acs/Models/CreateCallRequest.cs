using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>The body of <c>POST /calling/callConnections</c> (Create Call).</summary>
public sealed record CreateCallRequest
{
    [JsonPropertyName("source")]
    public required CallSource Source { get; init; }

    [JsonPropertyName("targets")]
    public required IReadOnlyList<CommunicationIdentifierModel> Targets { get; init; }

    [JsonPropertyName("callbackUri")]
    public required string CallbackUri { get; init; }

    /// <summary>A value echoed in the call's events, to correlate them with this request.</summary>
    [JsonPropertyName("operationContext")]
    public string? OperationContext { get; init; }

    [JsonPropertyName("mediaStreamingConfiguration")]
    public MediaStreamingConfiguration? MediaStreamingConfiguration { get; init; }
}
