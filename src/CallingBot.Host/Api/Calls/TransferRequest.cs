using CallingBot.Host.Api.Contracts;

namespace CallingBot.Host.Api.Calls;

/// <summary>
/// Transfers the call to <see cref="Target"/>: blind, or consultative when <see cref="ConsultationCallId"/> names
/// the bot's other call with the target.
/// </summary>
public sealed class TransferRequest
{
    public IdentityModel? Target { get; set; }

    public string? ConsultationCallId { get; set; }
}
