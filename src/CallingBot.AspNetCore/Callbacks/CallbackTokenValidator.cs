using System.Collections.Concurrent;
using CallingBot.Graph.Configuration;
using CallingBot.AspNetCore.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Validates the bearer token on a notification callback before its body is read: RS256/PS256 only, audience = the
/// bot's app id, issuer from a configured authority bound to the token's tenant, a trusted caller, lifetime with small
/// skew. Signing keys come from each authority's OpenID metadata and are refreshed when an unknown key id appears.
/// A token that passed is remembered (<see cref="ValidatedTokens"/>): its next use is answered without parsing it or
/// verifying its signature again while the authority's keys are the ones it was verified with, and its lifetime is
/// checked on every use. Every rejection is logged with its reason code and nothing else from the token.
/// </summary>
internal sealed partial class CallbackTokenValidator : IDisposable
{
    public const string MetadataHttpClient = "CallingBot.CallbackMetadata";

    private static readonly string[] AllowedAlgorithms = [SecurityAlgorithms.RsaSha256, SecurityAlgorithms.RsaSsaPssSha256];
    private readonly CallbackAuthenticationOptions _options;
    private readonly GraphCallingOptions _graph;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger<CallbackTokenValidator> _logger;
    private readonly JsonWebTokenHandler _handler = new() { MapInboundClaims = false };
    private readonly ConcurrentDictionary<string, Lazy<AuthorityKeyCache>> _keys = new(StringComparer.Ordinal);
    private readonly IHttpClientFactory _httpClientFactory;
    private readonly HashSet<string> _trustedCallers;
    private readonly HashSet<string> _allowedTenants;
    private readonly IReadOnlyList<TokenAuthority> _authorities;
    private readonly ValidatedTokens _validated = new();

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
        _authorities = _options.Authorities.Count > 0 ? _options.Authorities : CallbackAuthenticationOptions.MicrosoftDefaults();
    }

    /// <summary>Validates an Authorization header value. Never throws for bad input; logs every rejection.</summary>
    public async Task<CallbackAuthenticationResult> ValidateAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        var result = await ValidateCoreAsync(authorizationHeader, cancellationToken).ConfigureAwait(false);
        if (!result.Succeeded)
        {
            Log.Rejected(_logger, result.Reason, result.Authority ?? "none");
        }

        return result;
    }

    private async Task<CallbackAuthenticationResult> ValidateCoreAsync(string? authorizationHeader, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorizationHeader))
        {
            return CallbackAuthenticationResult.Fail("missing-token");
        }

        if (authorizationHeader.Trim().Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return CallbackAuthenticationResult.Fail("missing-token");
        }

        var separator = authorizationHeader.IndexOf(' ', StringComparison.Ordinal);
        if (separator <= 0 || !authorizationHeader.AsSpan(0, separator).Equals("Bearer", StringComparison.OrdinalIgnoreCase))
        {
            return CallbackAuthenticationResult.Fail("wrong-scheme");
        }

        var (start, length) = TrimmedRange(authorizationHeader, separator + 1);
        if (length == 0)
        {
            return CallbackAuthenticationResult.Fail("missing-token");
        }

        if (length > _options.MaxTokenLength)
        {
            return CallbackAuthenticationResult.Fail("token-too-large");
        }

        // A token seen before is found by its text in the header, without copying it out first.
        var found = _validated.TryGet(authorizationHeader.AsSpan(start, length), out var rememberedToken, out var remembered);
        if (found && await RecheckAsync(rememberedToken, remembered, cancellationToken).ConfigureAwait(false) is { } known)
        {
            return known;
        }

        var token = authorizationHeader.Substring(start, length);

        JsonWebToken parsed;
        try
        {
            // Only signed compact JWTs (three parts); encrypted tokens (five parts) are not what Graph sends.
            if (token.Count(c => c == '.') != 2 || !_handler.CanReadToken(token))
            {
                return CallbackAuthenticationResult.Fail("malformed-token");
            }

            parsed = _handler.ReadJsonWebToken(token);
        }
        catch (Exception exception) when (exception is ArgumentException or FormatException or SecurityTokenException)
        {
            return CallbackAuthenticationResult.Fail("malformed-token");
        }

        if (!AllowedAlgorithms.Contains(parsed.Alg, StringComparer.Ordinal))
        {
            return CallbackAuthenticationResult.Fail("algorithm-not-allowed");
        }

        if (string.IsNullOrEmpty(parsed.Kid))
        {
            return CallbackAuthenticationResult.Fail("missing-key-id");
        }

        if (!TryGetString(parsed, "tid", out var tenant) || !Guid.TryParse(tenant, out _))
        {
            return CallbackAuthenticationResult.Fail("missing-tenant");
        }

        if (_allowedTenants.Count > 0 && !_allowedTenants.Contains(tenant))
        {
            return CallbackAuthenticationResult.Fail("tenant-not-allowed");
        }

        var issuer = TryGetString(parsed, "iss", out var iss) ? iss : null;
        var authority = MatchAuthority(issuer, tenant);
        if (authority is null)
        {
            return CallbackAuthenticationResult.Fail("issuer-not-trusted");
        }

        if (authority.RequireTrustedCaller)
        {
            var caller = TryGetString(parsed, "azp", out var azp) ? azp : TryGetString(parsed, "appid", out var appId) ? appId : null;
            if (caller is null || !_trustedCallers.Contains(caller))
            {
                return CallbackAuthenticationResult.Fail("caller-not-trusted") with { Authority = authority.Name };
            }
        }

        var cache = GetKeyCache(authority);
        TokenValidationResult result;
        IReadOnlyList<SecurityKey> keys;
        try
        {
            keys = await cache.GetKeysAsync(cancellationToken).ConfigureAwait(false);
            if (!keys.Any(k => string.Equals(k.KeyId, parsed.Kid, StringComparison.Ordinal)))
            {
                // A new signing key may have been rolled out: refresh the keys (rate-limited) and look again.
                keys = await cache.RefreshForUnknownKeyAsync(cancellationToken).ConfigureAwait(false);
                if (!keys.Any(k => string.Equals(k.KeyId, parsed.Kid, StringComparison.Ordinal)))
                {
                    return CallbackAuthenticationResult.Fail("unknown-signing-key") with { Authority = authority.Name };
                }
            }

            result = await _handler.ValidateTokenAsync(token, CreateParameters(issuer!, keys)).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or HttpRequestException or ArgumentException)
        {
            Log.MetadataUnavailable(_logger, authority.Name, exception.GetType().Name);
            return CallbackAuthenticationResult.Fail(CallbackAuthenticationResult.MetadataUnavailable) with { Authority = authority.Name };
        }

        if (!result.IsValid)
        {
            return CallbackAuthenticationResult.Fail(Classify(result.Exception)) with { Authority = authority.Name };
        }

        var success = new CallbackAuthenticationResult(true, "ok", tenant, authority.Name, result.ClaimsIdentity, TokenKey(authority, parsed, token), new DateTimeOffset(parsed.ValidTo, TimeSpan.Zero));
        DateTime? notBefore = parsed.ValidFrom == DateTime.MinValue ? null : parsed.ValidFrom;
        _validated.Add(token, new ValidatedTokens.Entry(success, keys, cache, notBefore, parsed.ValidTo), _timeProvider.GetUtcNow().UtcDateTime);
        return success;
    }

    /// <summary>
    /// The answer for a token that passed before: its result again while the authority's current keys are the key set
    /// it was verified with and it is within its lifetime; a lifetime failure as the full check reports it; null (check
    /// it afresh) when the keys were refreshed since or cannot be had now.
    /// </summary>
    private async Task<CallbackAuthenticationResult?> RecheckAsync(string token, ValidatedTokens.Entry remembered, CancellationToken cancellationToken)
    {
        IReadOnlyList<SecurityKey>? keys;
        try
        {
            keys = await remembered.KeyCache.GetKeysAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is InvalidOperationException or IOException or HttpRequestException or ArgumentException)
        {
            keys = null;
        }

        if (!ReferenceEquals(keys, remembered.Keys))
        {
            _validated.Remove(token);
            return null;
        }

        if (LifetimeFailure(remembered.NotBefore, remembered.Expires, _timeProvider.GetUtcNow().UtcDateTime, _options.ClockSkew) is { } failure)
        {
            _validated.Remove(token);
            return CallbackAuthenticationResult.Fail(failure) with { Authority = remembered.Result.Authority };
        }

        return remembered.Result;
    }

    /// <summary>Where the text from <paramref name="from"/> on starts and how long it is, white space trimmed at both ends.</summary>
    private static (int Start, int Length) TrimmedRange(string text, int from)
    {
        var rest = text.AsSpan(from).TrimStart();
        return (text.Length - rest.Length, rest.TrimEnd().Length);
    }

    /// <summary>Why a token's lifetime fails at <paramref name="now"/> (a reason code), or null when it holds.</summary>
    private static string? LifetimeFailure(DateTime? notBefore, DateTime? expires, DateTime now, TimeSpan clockSkew)
    {
        if (expires is null)
        {
            return "token-without-expiry";
        }

        if (notBefore is { } nbf && nbf > now + clockSkew)
        {
            return "token-not-yet-valid";
        }

        return expires.Value < now - clockSkew ? "token-expired" : null;
    }

    /// <summary>The authority and the token's <c>uti</c> or <c>jti</c> claim, or else a SHA-256 of the whole token.</summary>
    internal static string TokenKey(TokenAuthority authority, JsonWebToken token, string raw)
    {
        if (TryGetString(token, "uti", out var id) || TryGetString(token, "jti", out id))
        {
            return $"{authority.Name}:id:{id}";
        }

        return $"{authority.Name}:sha256:{Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(raw)))}";
    }

    private TokenValidationParameters CreateParameters(string issuer, IReadOnlyList<SecurityKey> keys) => new()
    {
        ValidAudience = _graph.AppId,
        ValidateAudience = true,
        ValidIssuer = issuer,
        ValidateIssuer = true,
        ValidateLifetime = true,
        RequireExpirationTime = true,
        RequireSignedTokens = true,
        ValidateIssuerSigningKey = true,
        IssuerSigningKeys = keys,
        TryAllIssuerSigningKeys = false,
        ValidAlgorithms = AllowedAlgorithms,
        ClockSkew = _options.ClockSkew,
        LifetimeValidator = ValidateLifetime,
    };

    private bool ValidateLifetime(DateTime? notBefore, DateTime? expires, SecurityToken token, TokenValidationParameters parameters) =>
        LifetimeFailure(notBefore, expires, _timeProvider.GetUtcNow().UtcDateTime, parameters.ClockSkew) switch
        {
            null => true,
            "token-without-expiry" => throw new SecurityTokenNoExpirationException("no expiry"),
            "token-not-yet-valid" => throw new SecurityTokenNotYetValidException("not yet valid") { NotBefore = notBefore!.Value },
            _ => throw new SecurityTokenExpiredException("expired") { Expires = expires!.Value },
        };

    /// <summary>Tokens remembered as valid (for tests).</summary>
    internal int RememberedTokens => _validated.Count;

    private TokenAuthority? MatchAuthority(string? issuer, string tenant)
    {
        if (string.IsNullOrEmpty(issuer))
        {
            return null;
        }

        foreach (var authority in _authorities)
        {
            if (authority.ExactIssuers.Contains(issuer, StringComparer.Ordinal))
            {
                return authority;
            }

            foreach (var prefix in authority.IssuerPrefixes)
            {
                if (IssuerMatchesPrefix(issuer, prefix, tenant))
                {
                    return authority;
                }
            }
        }

        return null;
    }

    /// <summary>
    /// True when <paramref name="issuer"/> is <paramref name="prefix"/> followed by the tenant id as the next path
    /// segment, as Graph requires (<c>https://login.microsoftonline.com/{tid}/v2.0</c>).
    /// </summary>
    internal static bool IssuerMatchesPrefix(string issuer, string prefix, string tenant)
    {
        var normalized = prefix.EndsWith('/') ? prefix : prefix + "/";
        if (!issuer.StartsWith(normalized, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var rest = issuer.AsSpan(normalized.Length);
        var end = rest.IndexOf('/');
        var segment = end < 0 ? rest : rest[..end];
        return segment.Equals(tenant, StringComparison.OrdinalIgnoreCase);
    }

    private static bool TryGetString(JsonWebToken token, string claim, out string value)
    {
        if (token.TryGetPayloadValue<object>(claim, out var raw) && raw is string text && !string.IsNullOrWhiteSpace(text))
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }

    private AuthorityKeyCache GetKeyCache(TokenAuthority authority) =>
        _keys.GetOrAdd(authority.MetadataUrl!.AbsoluteUri, url => new Lazy<AuthorityKeyCache>(() =>
        {
            var retriever = new HttpDocumentRetriever(_httpClientFactory.CreateClient(MetadataHttpClient)) { RequireHttps = !_options.AllowHttpMetadata };
            return new AuthorityKeyCache(new Uri(url), retriever, _timeProvider, _options.KeyRefreshInterval, _options.MinimumKeyRefreshInterval);
        })).Value;

    private static string Classify(Exception? exception) => exception switch
    {
        SecurityTokenExpiredException => "token-expired",
        SecurityTokenNotYetValidException => "token-not-yet-valid",
        SecurityTokenNoExpirationException => "token-without-expiry",
        SecurityTokenInvalidLifetimeException => "token-lifetime-invalid",
        SecurityTokenInvalidAudienceException => "wrong-audience",
        SecurityTokenSignatureKeyNotFoundException => "unknown-signing-key",
        SecurityTokenInvalidSignatureException => "bad-signature",
        SecurityTokenInvalidAlgorithmException => "algorithm-not-allowed",
        SecurityTokenInvalidIssuerException => "issuer-not-trusted",
        _ => "invalid-token",
    };

    public void Dispose()
    {
        foreach (var cache in _keys.Values)
        {
            if (cache.IsValueCreated)
            {
                cache.Value.Dispose();
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.CallbackTokenRejected, EventName = nameof(AspNetCoreEventIds.CallbackTokenRejected), Level = LogLevel.Warning, Message = "Callback token rejected: {Reason} (authority {Authority})")]
        public static partial void Rejected(ILogger logger, string reason, string authority);

        [LoggerMessage(EventId = AspNetCoreEventIds.CallbackMetadataUnavailable, EventName = nameof(AspNetCoreEventIds.CallbackMetadataUnavailable), Level = LogLevel.Error, Message = "Signing keys of authority {Authority} could not be fetched ({ExceptionType})")]
        public static partial void MetadataUnavailable(ILogger logger, string authority, string exceptionType);
    }
}
