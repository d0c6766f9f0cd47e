using System.Collections.Concurrent;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Emulator.Identity;

/// <summary>Issues the emulator's JWTs (access tokens for apps, bearer tokens on notifications) and validates access tokens.</summary>
internal sealed class TokenService
{
    public const string GraphAudience = "https://graph.microsoft.com";
    public const string GraphAppIdAudience = "00000003-0000-0000-c000-000000000000";
    private const int MaxCachedValidations = 10_000;

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly SigningKey _key;
    private readonly TimeProvider _time;
    private readonly EmulatorOptions _options;
    private readonly ConcurrentDictionary<(string Audience, string TenantId), (string Token, DateTimeOffset RenewAt)> _notificationTokens = new();
    private readonly ConcurrentDictionary<string, AccessTokenPrincipal> _validated = new(StringComparer.Ordinal);

    public TokenService(SigningKey key, TimeProvider time, EmulatorOptions options)
    {
        _key = key;
        _time = time;
        _options = options;
    }

    /// <summary>Scheme, host and port that issuers are built from, e.g. <c>https://127.0.0.1:5001</c>.</summary>
    public string AuthorityBase { get; set; } = "https://127.0.0.1";

    public string IssuerFor(string tenantId) => $"{AuthorityBase}/{tenantId}/v2.0";

    public TimeProvider Time => _time;

    /// <summary>Creates the access token an app receives from the client credentials grant.</summary>
    public string IssueAccessToken(EmulatedApplication app, string tenantId)
    {
        var now = _time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["aud"] = GraphAudience,
            ["iss"] = IssuerFor(tenantId),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + _options.TokenLifetime).ToUnixTimeSeconds(),
            ["appid"] = app.AppId,
            ["azp"] = app.AppId,
            ["app_displayname"] = app.DisplayName,
            ["idtyp"] = "app",
            ["oid"] = app.AppId,
            ["sub"] = app.AppId,
            ["tid"] = tenantId,
            ["ver"] = "2.0",
            ["roles"] = app.GrantedPermissions.ToArray(),
            ["uti"] = Guid.NewGuid().ToString("N"),
        };
        return _handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = _key.Credentials });
    }

    /// <summary>Returns the bearer token Graph puts on a notification to <paramref name="botAppId"/>; cached for half its lifetime.</summary>
    public string GetNotificationToken(string botAppId, string tenantId)
    {
        var now = _time.GetUtcNow();
        var cacheKey = (botAppId, tenantId);
        if (_notificationTokens.TryGetValue(cacheKey, out var cached) && cached.RenewAt > now)
        {
            return cached.Token;
        }

        var claims = new Dictionary<string, object>
        {
            ["aud"] = botAppId,
            ["iss"] = IssuerFor(tenantId),
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
            ["exp"] = (now + _options.TokenLifetime).ToUnixTimeSeconds(),
            ["appid"] = _options.CallingServiceAppId,
            ["azp"] = _options.CallingServiceAppId,
            ["appidacr"] = "2",
            ["azpacr"] = "2",
            ["idtyp"] = "app",
            ["oid"] = _options.CallingServiceAppId,
            ["sub"] = _options.CallingServiceAppId,
            ["tid"] = tenantId,
            ["ver"] = "2.0",
            ["uti"] = Guid.NewGuid().ToString("N"),
        };
        var token = _handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = _key.Credentials });
        _notificationTokens[cacheKey] = (token, now + (_options.TokenLifetime / 2));
        return token;
    }

    /// <summary>Validates a Graph access token: signature, lifetime and audience. Returns null with a reason when invalid.</summary>
    public async ValueTask<(AccessTokenPrincipal? Principal, string? Error)> ValidateAccessTokenAsync(string token)
    {
        var now = _time.GetUtcNow();
        if (_validated.TryGetValue(token, out var known))
        {
            return known.ExpiresAt > now ? (known, null) : (null, "Lifetime validation failed, the token is expired.");
        }

        var parameters = new TokenValidationParameters
        {
            IssuerSigningKey = _key.SecurityKey,
            ValidAudiences = [GraphAudience, GraphAppIdAudience, GraphAudience + "/"],
            ValidateIssuer = false,
            ValidateLifetime = true,
            ClockSkew = TimeSpan.FromMinutes(5),
            LifetimeValidator = (notBefore, expires, _, _) =>
                (notBefore is null || notBefore.Value <= now.UtcDateTime.AddMinutes(5))
                && expires is not null && expires.Value > now.UtcDateTime,
        };
        var result = await _handler.ValidateTokenAsync(token, parameters).ConfigureAwait(false);
        if (!result.IsValid)
        {
            return (null, result.Exception is SecurityTokenExpiredException or SecurityTokenInvalidLifetimeException
                ? "Lifetime validation failed, the token is expired."
                : "Access token validation failure. Invalid audience or signature.");
        }

        var jwt = (JsonWebToken)result.SecurityToken;
        var appId = Claim(jwt, "appid") ?? Claim(jwt, "azp");
        var tenantId = Claim(jwt, "tid");
        if (appId is null || tenantId is null)
        {
            return (null, "Access token validation failure. The token has no appid or tid claim.");
        }

        var roles = jwt.Claims.Where(c => c.Type == "roles").Select(c => c.Value).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var principal = new AccessTokenPrincipal(appId, tenantId, roles, new DateTimeOffset(jwt.ValidTo, TimeSpan.Zero));
        if (_validated.Count > MaxCachedValidations)
        {
            _validated.Clear();
        }

        _validated[token] = principal;
        return (principal, null);
    }

    private static string? Claim(JsonWebToken jwt, string type) =>
        jwt.TryGetPayloadValue<string>(type, out var value) ? value : null;
}
