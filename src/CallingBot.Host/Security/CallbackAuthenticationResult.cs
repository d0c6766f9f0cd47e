using System.Security.Claims;

namespace CallingBot.Host.Security;

/// <summary>Outcome of authenticating a callback. <see cref="Reason"/> is a stable code safe to log and return.</summary>
public sealed record CallbackAuthenticationResult(bool Succeeded, string Reason, string? TenantId = null, string? Authority = null, ClaimsIdentity? Identity = null)
{
    public static CallbackAuthenticationResult Fail(string reason) => new(false, reason);
}
