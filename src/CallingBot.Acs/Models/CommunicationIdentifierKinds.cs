namespace CallingBot.Acs.Models;

/// <summary>Values of <see cref="CommunicationIdentifierModel.Kind"/>.</summary>
public static class CommunicationIdentifierKinds
{
    public const string CommunicationUser = "communicationUser";

    public const string PhoneNumber = "phoneNumber";

    public const string MicrosoftTeamsUser = "microsoftTeamsUser";

    public const string Unknown = "unknown";
}
