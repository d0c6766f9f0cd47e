using System.Collections.Concurrent;
using System.Security.Claims;
using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Host.Security;

/// <summary>
/// Validates the bearer token on a notification callback before its body is read: RS256/PS256 only, audience = the
/// bot's app id, issuer from a configured authority bound to the token's tenant, a trusted caller, lifetime with small
/// skew. Signing keys come from each authority's OpenID metadata and are refreshed when an unknown key id appears.
/// </summary>
public sealed partial class CallbackTokenValidator
{
    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];
    private readonly CallbackAuthenticationOptions _options;
    private readonly GraphCallingOptions _graph;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CallbackTokenValidator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, ConfigurationManager<OpenIdConnectConfiguration>> _metadata = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly HashSet<string> _trustedCallers;
    private readonly HashSet<string> _allowedTenants;

    public const string MetadataHttpClient = "CallingBot.CallbackMetadata";

    public CallbackTokenValidator(
        IOptions<CallbackAuthenticationOptions> options,
        IOptions<GraphCallingOptions> graph,
        IHttpClientFactory httpClientFactory,
        TimeProvider timeProvider,
        ILogger<CallbackTokenValidator> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(graph);
        _options = options.Value;
        _graph = graph.Value;
        _httpClientFactory = httpClientFactory;
        _timeProvider = timeProvider;
        _logger = logger;
        _trustedCallers = new HashSet<string>(
            _options.TrustedCallerAppIds.Count > 0 ? _options.TrustedCallerAppIds : [CallbackAuthenticationOptions.TeamsCallingServiceAppId],
            StringComparer.OrdinalIgnoreCase);
        _allowedTenants = new HashSet<string>(_options.AllowedTenants, StringComparer.OrdinalIgnoreCase);
    }

    private IReadOnlyList<TokenAuthority> Authorities =>
        _options.Authorities.Count > 0 ? _options.Authorities : CallbackAuthenticationOptions.MicrosoftDefaults();

    /// <summary>Validates an Authorization header value. Never throws for bad input.</summary>
    public async Task<CallbackAuthenticationResult> ValidateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(authorizationHeader))
        {
            return CallbackAuthenticationResult.Fail("missing-token");
        }

        if (!authorizationHeader.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return CallbackAuthenticationResult.Fail("wrong-scheme");
        }

        var token = authorizationHeader["Bearer ".Length..].Trim();
        if (token.Length == 0 || token.Length > _options.MaxTokenLength)
        {
            return CallbackAuthenticationResult.Fail(token.Length == 0 ? "missing-token" : "token-too-large");
        }

        if (!_handler.CanReadToken(token))
        {
            return CallbackAuthenticationResult.Fail("malformed-token");
        }

        JsonWebToken parsed;
        try
        {
            parsed = _handler.ReadJsonWebToken(token);
        }
        catch (ArgumentException)
        {
            return CallbackAuthenticationResult.Fail("malformed-token");
        }

        if (!AllowedAlgorithms.Contains(parsed.Alg, StringComparer.Ordinal))
        {
            return CallbackAuthenticationResult.Fail("algorithm-not-allowed");
        }

        if (parsed.TryGetPayloadValue<string>("tid", out var tenant) is false || string.IsNullOrWhiteSpace(tenant))
        {
            return CallbackAuthenticationResult.Fail("missing-tenant");
        }

        if (_allowedTenants.Count > 0 && !_allowedTenants.Contains(tenant))
        {
            return CallbackAuthenticationResult.Fail("tenant-not-allowed");
        }

        var authority = MatchAuthority(parsed.Issuer, tenant);
        if (authority is null)
        {
            return CallbackAuthenticationResult.Fail("issuer-not-trusted");
        }

        if (authority.RequireTrustedCaller)
        {
            var caller = parsed.TryGetPayloadValue<string>("azp", out var azp) ? azp : parsed.TryGetPayloadValue<string>("appid", out var appId) ? appId : null;
            if (caller is null || !_trustedCallers.Contains(caller))
            {
                return CallbackAuthenticationResult.Fail("caller-not-trusted");
            }
        }

        var manager = GetMetadata(authority);
        var result = await ValidateSignedAsync(token, authority, manager).ConfigureAwait(false);
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException)
        {
            // A new signing key may have been rolled out: refresh the keys (rate-limited) and try once more.
            manager.RequestRefresh();
            result = await ValidateSignedAsync(token, authority, manager).ConfigureAwait(false);
        }

        if (!result.IsValid)
        {
            var reason = Classify(result.Exception);
            Log.Rejected(_logger, reason, authority.Name);
            return CallbackAuthenticationResult.Fail(reason);
        }

        return new CallbackAuthenticationResult(true, "ok", tenant, authority.Name, result.ClaimsIdentity);
    }

    private Task<TokenValidationResult> ValidateSignedAsync(string token, TokenAuthority authority, ConfigurationManager<OpenIdConnectConfiguration> manager)
    {
        var parameters = new TokenValidationParameters
        {
            ValidAudience = _graph.AppId,
            ValidateAudience = true,
            ValidateLifetime = true,
            RequireExpirationTime = true,
            RequireSignedTokens = true,
            ValidateIssuerSigningKey = true,
            ClockSkew = _options.ClockSkew,
            ValidAlgorithms = AllowedAlgorithms,
            ConfigurationManager = manager,
            ValidateIssuer = true,
            IssuerValidator = (issuer, _, _) => issuer,
            LifetimeValidator = ValidateLifetime,
            TryAllIssuerSigningKeys = false,
        };
        return _handler.ValidateTokenAsync(token, parameters);
    }

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters)
    {
        var now = _timeProvider.GetUtcNow().UtcDateTime;
        if (expires is null)
        {
            return false;
        }

        if (notBefore is { } nbf && nbf > now + parameters.ClockSkew)
        {
            throw new SecurityTokenNotYetValidException("not yet valid") { NotBefore = nbf };
        }

        if (expires.Value < now - parameters.ClockSkew)
        {
            throw new SecurityTokenExpiredException("expired") { Expires = expires.Value };
        }

        return true;
    }

    private TokenAuthority? MatchAuthority(string? issuer, string tenant)
    {
        if (string.IsNullOrEmpty(issuer))
        {
            return null;
        }

        foreach (var authority in Authorities)
        {
            if (authority.ExactIssuers.Contains(issuer, StringComparer.Ordinal))
            {
                return authority;
            }

            if (authority.IssuerPrefixes.Any(p => issuer.StartsWith(p, StringComparison.OrdinalIgnoreCase)) && IssuerHasTenantSegment(issuer, tenant))
            {
                return authority;
            }
        }

        return null;
    }

    private static bool IssuerHasTenantSegment(string issuer, string tenant) =>
        Uri.TryCreate(issuer, UriKind.Absolute, out var uri)
        && uri.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries).Contains(tenant, StringComparer.OrdinalIgnoreCase);

    private ConfigurationManager<OpenIdConnectConfiguration> GetMetadata(TokenAuthority authority) =>
        _metadata.GetOrAdd(authority.MetadataUrl!.AbsoluteUri, url =>
        {
            var retriever = new HttpDocumentRetriever(_httpClientFactory.CreateClient(MetadataHttpClient)) { RequireHttps = !_options.AllowHttpMetadata };
            return new ConfigurationManager<OpenIdConnectConfiguration>(url, new OpenIdConnectConfigurationRetriever(), retriever)
            {
                RefreshInterval = _options.MinimumKeyRefreshInterval,
                AutomaticRefreshInterval = TimeSpan.FromHours(12),
            };
        });

    private static string Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token-expired",
        SecurityTokenNotYetValidException => "token-not-yet-valid",
        SecurityTokenInvalidAudienceException => "wrong-audience",
        SecurityTokenSignatureKeyNotFoundException => "unknown-signing-key",
        SecurityTokenInvalidSignatureException => "bad-signature",
        SecurityTokenInvalidAlgorithmException => "algorithm-not-allowed",
        SecurityTokenInvalidIssuerException => "issuer-not-trusted",
        SecurityTokenNoExpirationException => "token-without-expiry",
        InvalidOperationException or IOException or HttpRequestException => "metadata-unavailable",
        _ => "invalid-token",
    };

    private static partial class Log
    {
        [LoggerMessage(3000, LogLevel.Warning, "Callback token rejected: {Reason} (authority {Authority})", EventName = "CallbackTokenRejected")]
        public static partial void Rejected(ILogger logger, string reason, string authority);
    }
}
