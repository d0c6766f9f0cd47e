using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>
/// The body of <c>POST /calling/callConnections</c> (Create Call) in the generally available API (2023-10-15 and
/// later): the targets, the bot's ACS identity as <c>source</c>, and for phone targets the caller id and name they see.
/// </summary>
public sealed record CreateCallRequest
{
    [JsonPropertyName("targets")]
    public required IReadOnlyList<CommunicationIdentifierModel> Targets { get; init; }

    /// <summary>The bot's ACS identity (<c>{"id":"8:acs:…"}</c>).</summary>
    [JsonPropertyName("source")]
    public CommunicationUserIdentifierModel? Source { get; init; }

    /// <summary>The number shown to phone targets; required when a target is a phone number.</summary>
    [JsonPropertyName("sourceCallerIdNumber")]
    public PhoneNumberIdentifierModel? SourceCallerIdNumber { get; init; }

    /// <summary>The name shown to phone targets.</summary>
    [JsonPropertyName("sourceDisplayName")]
    public string? SourceDisplayName { get; init; }

    [JsonPropertyName("callbackUri")]
    public required string CallbackUri { get; init; }

    /// <summary>A value echoed in the call's events, to correlate them with this request.</summary>
    [JsonPropertyName("operationContext")]
    public string? OperationContext { get; init; }

    [JsonPropertyName("mediaStreamingOptions")]
    public MediaStreamingOptions? MediaStreamingOptions { get; init; }
}
