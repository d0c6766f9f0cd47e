using CallingBot.AspNetCore.Api.Contracts;

namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>Invites a user or a phone number into the call.</summary>
internal sealed class InviteParticipantRequest
{
    public IdentityModel? Participant { get; set; }
}
