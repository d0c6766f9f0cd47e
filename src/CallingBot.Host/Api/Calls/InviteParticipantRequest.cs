using CallingBot.Host.Api.Contracts;

namespace CallingBot.Host.Api.Calls;

/// <summary>Invites a user or a phone number into the call.</summary>
public sealed class InviteParticipantRequest
{
    public IdentityModel? Participant { get; set; }
}
