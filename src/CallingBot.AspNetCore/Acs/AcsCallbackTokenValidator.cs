using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// Verifies the JWT Call Automation puts on every callback: RS256 signature by a key of the configured OpenID
/// metadata (cached, refreshed when a token names an unknown key), issuer, audience = the resource id, lifetime.
/// </summary>
internal sealed class AcsCallbackTokenValidator
{
    /// <summary>Name of the HttpClient that fetches the metadata and keys.</summary>
    public const string MetadataHttpClient = "CallingBot.Acs.CallbackMetadata";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly ConfigurationManager<OpenIdConnectConfiguration> _metadata;
    private readonly AcsEndpointOptions _options;
    private readonly TimeProvider _time;

    public AcsCallbackTokenValidator(IOptions<AcsEndpointOptions> options, IHttpClientFactory httpClients, TimeProvider time)
    {
        _options = options.Value;
        _time = time;
        var retriever = new HttpDocumentRetriever(httpClients.CreateClient(MetadataHttpClient)) { RequireHttps = true };
        _metadata = new ConfigurationManager<OpenIdConnectConfiguration>(_options.CallbackTokenMetadataUrl.AbsoluteUri, new OpenIdConnectConfigurationRetriever(), retriever);
    }

    /// <summary>Null when <paramref name="authorization"/> carries a valid token; otherwise why not (never the token).</summary>
    public async Task<string?> ValidateAsync(string? authorization, CancellationToken cancellationToken)
    {
        if (authorization is null || !authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) || authorization.Length <= 7)
        {
            return "the Authorization header must carry a Bearer token";
        }

        var token = authorization[7..].Trim();
        var result = await ValidateWithKeysAsync(token, cancellationToken).ConfigureAwait(false);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // The service may have rolled its keys: fetch them again once.
            _metadata.RequestRefresh();
            result = await ValidateWithKeysAsync(token, cancellationToken).ConfigureAwait(false);
        }

        return result.IsValid ? null : Describe(result.Exception);
    }

    private async Task<TokenValidationResult> ValidateWithKeysAsync(string token, CancellationToken cancellationToken)
    {
        var configuration = await _metadata.GetConfigurationAsync(cancellationToken).ConfigureAwait(false);
        var parameters = new TokenValidationParameters
        {
            ValidIssuer = _options.CallbackTokenIssuer,
            ValidAudience = _options.ResourceId,
            IssuerSigningKeys = configuration.SigningKeys,
            ValidAlgorithms = [SecurityAlgorithms.RsaSha256],
            RequireSignedTokens = true,
            RequireExpirationTime = true,
            ClockSkew = TimeSpan.FromMinutes(2),
            LifetimeValidator = (notBefore, expires, _, p) =>
            {
                var now = _time.GetUtcNow().UtcDateTime;
                return expires is { } e && e + p.ClockSkew >= now && (notBefore is not { } nb || nb - p.ClockSkew <= now);
            },
        };
        return await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
    }

    private static string Describe(Exception? exception) => exception switch
    {
        SecurityTokenInvalidAudienceException => "the token's audience is not this resource",
        SecurityTokenInvalidIssuerException => "the token's issuer is not Call Automation",
        SecurityTokenInvalidLifetimeException or SecurityTokenExpiredException or SecurityTokenNotYetValidException => "the token is expired or not yet valid",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "the token's signature does not verify",
        _ => "the token is not a valid JWT",
    };
}
