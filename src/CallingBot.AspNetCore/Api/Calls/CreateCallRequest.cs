using CallingBot.AspNetCore.Api.Contracts;

namespace CallingBot.AspNetCore.Api.Calls;

/// <summary>
/// Places a call: one target is a peer-to-peer call, several a group call. Calling a phone number needs
/// <see cref="Source"/> to be the application instance that owns the bot's calling number.
/// </summary>
internal sealed class CreateCallRequest
{
    public List<IdentityModel>? Targets { get; set; }

    public IdentityModel? Source { get; set; }

    public string? TenantId { get; set; }

    /// <summary><c>serviceHosted</c> (default) or <c>appHosted</c>.</summary>
    public string? Media { get; set; }

    public string? Subject { get; set; }

    /// <summary>Name of the handler that runs the call, resolved by the registered outbound handler factory; default <c>default</c>.</summary>
    public string? Handler { get; set; }
}
