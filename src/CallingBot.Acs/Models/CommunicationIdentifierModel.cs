using System.Text.Json.Serialization;

namespace CallingBot.Acs.Models;

/// <summary>
/// Who a participant is: <see cref="Kind"/> names which one of the nested identifiers is set.
/// Kinds are kept as strings so a kind added by a later API version does not break parsing.
/// </summary>
public sealed record CommunicationIdentifierModel
{
    [JsonPropertyName("kind")]
    public string? Kind { get; init; }

    [JsonPropertyName("rawId")]
    public string? RawId { get; init; }

    [JsonPropertyName("communicationUser")]
    public CommunicationUserIdentifierModel? CommunicationUser { get; init; }

    [JsonPropertyName("phoneNumber")]
    public PhoneNumberIdentifierModel? PhoneNumber { get; init; }

    [JsonPropertyName("microsoftTeamsUser")]
    public MicrosoftTeamsUserIdentifierModel? MicrosoftTeamsUser { get; init; }

    public static CommunicationIdentifierModel ForCommunicationUser(string id)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        return new() { Kind = CommunicationIdentifierKinds.CommunicationUser, CommunicationUser = new(id) };
    }

    public static CommunicationIdentifierModel ForPhoneNumber(string e164)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(e164);
        return new() { Kind = CommunicationIdentifierKinds.PhoneNumber, PhoneNumber = new(e164) };
    }

    public static CommunicationIdentifierModel ForMicrosoftTeamsUser(string userId, string? cloud = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(userId);
        return new() { Kind = CommunicationIdentifierKinds.MicrosoftTeamsUser, MicrosoftTeamsUser = new() { UserId = userId, Cloud = cloud } };
    }
}
