using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>The caller: its identity, and for PSTN targets the number and name they see.</summary>
public sealed record CallSource
{
    [JsonPropertyName("identifier")]
    public required CommunicationIdentifierModel Identifier { get; init; }

    /// <summary>The number shown to PSTN targets. Required only when a target is a phone number.</summary>
    [JsonPropertyName("callerId")]
    public PhoneNumberIdentifierModel? CallerId { get; init; }

    [JsonPropertyName("displayName")]
    public string? DisplayName { get; init; }
}
