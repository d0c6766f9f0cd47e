using CallingBot.AspNetCore.Api.Contracts;

namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>
/// Transfers the call to <see cref="Target"/>: blind, or consultative when <see cref="ConsultationCallId"/> names
/// the bot's other call with the target.
/// </summary>
internal sealed class TransferRequest
{
    public IdentityModel? Target { get; set; }

    public string? ConsultationCallId { get; set; }
}
