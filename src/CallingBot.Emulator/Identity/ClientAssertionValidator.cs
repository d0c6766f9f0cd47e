using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Emulator.Identity;

/// <summary>Validates a certificate-signed client assertion (RFC 7523) sent to the token endpoint.</summary>
internal sealed class ClientAssertionValidator(TimeProvider time)
{
    public const string AssertionType = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>Returns null when the assertion is valid for <paramref name="registration"/>, otherwise the reason.</summary>
    public async Task<string?> ValidateAsync(string assertion, ApplicationRegistry.Registration registration, string tokenEndpoint)
    {
        JsonWebToken jwt;
        try
        {
            jwt = new JsonWebToken(assertion);
        }
        catch (ArgumentException)
        {
            return "AADSTS50027: JWT token is invalid or malformed.";
        }

        var x5t = jwt.TryGetHeaderValue<string>("x5t", out var sha1) ? sha1 : null;
        var x5tS256 = jwt.TryGetHeaderValue<string>("x5t#S256", out var sha256) ? sha256 : null;
        var certificate = registration.Certificates.FirstOrDefault(c =>
            (x5t is not null && string.Equals(c.X5t, x5t, StringComparison.Ordinal))
            || (x5tS256 is not null && string.Equals(c.X5tS256, x5tS256, StringComparison.Ordinal)));
        if (certificate is null)
        {
            return $"AADSTS700027: The certificate with identifier used to sign the client assertion is not registered on application. [Reason - The key was not found., Thumbprint of key used by client: '{x5t ?? x5tS256}']";
        }

        var now = time.GetUtcNow().UtcDateTime;
        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = new X509SecurityKey(certificate.Certificate),
            ValidIssuer = registration.App.AppId,
            ValidateAudience = true,
            AudienceValidator = (audiences, _, _) => audiences.Any(a => a.EndsWith("/oauth2/v2.0/token", StringComparison.OrdinalIgnoreCase)
                && Uri.TryCreate(a, UriKind.Absolute, out var aud)
                && string.Equals(aud.AbsolutePath.Trim('/'), new Uri(tokenEndpoint).AbsolutePath.Trim('/'), StringComparison.OrdinalIgnoreCase)),
            LifetimeValidator = (notBefore, expires, _, _) =>
                (notBefore is null || notBefore.Value <= now.AddMinutes(5)) && expires is not null && expires.Value > now.AddMinutes(-5),
        };
        var result = await _handler.ValidateTokenAsync(jwt, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return result.Exception switch
            {
                SecurityTokenInvalidAudienceException => "AADSTS700016: The audience of the client assertion must be the token endpoint.",
                SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException => "AADSTS700024: Client assertion is not within its valid time range.",
                SecurityTokenInvalidIssuerException => "AADSTS700021: Client assertion application identifier doesn't match 'client_id' parameter.",
                _ => "AADSTS7000274: The client assertion signature is invalid.",
            };
        }

        var subject = jwt.TryGetPayloadValue<string>("sub", out var sub) ? sub : null;
        return string.Equals(subject, registration.App.AppId, StringComparison.OrdinalIgnoreCase)
            ? null
            : "AADSTS700021: Client assertion subject (sub) must equal the client_id.";
    }
}
