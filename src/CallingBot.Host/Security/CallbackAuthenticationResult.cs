using System.Security.Claims;

namespace CallingBot.Host.Security;

/// <summary>Outcome of authenticating a callback. <see cref="Reason"/> is a stable code safe to log and return.</summary>
public sealed record CallbackAuthenticationResult(bool Succeeded, string Reason, string? TenantId = null, string? Authority = null, ClaimsIdentity? Identity = null)
{
    /// <summary>The reason used when the authority's signing keys could not be fetched (answered 503 so Graph retries).</summary>
    public const string MetadataUnavailable = "metadata-unavailable";

    public static CallbackAuthenticationResult Fail(string reason) => new(false, reason);
}
