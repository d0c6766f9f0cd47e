using System.Security.Claims;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>Outcome of authenticating a callback. <see cref="Reason"/> is a stable code safe to log and return.</summary>
/// <param name="TokenKey">
/// Identifies the token for rate limits and replay detection: the authority and the token's <c>uti</c> (or <c>jti</c>),
/// or a SHA-256 of the token when it has neither. Never the token itself.
/// </param>
/// <param name="ExpiresAt">When the token expires.</param>
internal sealed record CallbackAuthenticationResult(
    bool Succeeded,
    string Reason,
    string? TenantId = null,
    string? Authority = null,
    ClaimsIdentity? Identity = null,
    string? TokenKey = null,
    DateTimeOffset? ExpiresAt = null)
{
    /// <summary>The reason used when the authority's signing keys could not be fetched (answered 503 so Graph retries).</summary>
    public const string MetadataUnavailable = "metadata-unavailable";

    public static CallbackAuthenticationResult Fail(string reason) => new(false, reason);
}
