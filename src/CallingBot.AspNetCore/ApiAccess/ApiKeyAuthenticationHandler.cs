using System.Security.Claims;
using System.Text.Encodings.Web;
using CallingBot.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>Authenticates local-mode API clients by the shared key in <see cref="ApiAuthorization.ApiKeyHeader"/>.</summary>
internal sealed partial class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory loggerFactory,
    UrlEncoder encoder,
    ApiKeyStore keys) : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (!Request.Headers.TryGetValue(ApiAuthorization.ApiKeyHeader, out var values) || values.Count == 0)
        {
            return Task.FromResult(AuthenticateResult.NoResult());
        }

        if (values.Count != 1 || !keys.Matches(values[0]))
        {
            Log.InvalidKey(Logger);
            return Task.FromResult(AuthenticateResult.Fail("invalid-api-key"));
        }

        var identity = new ClaimsIdentity(
            [new Claim(ClaimTypes.Name, "local-operator"), new Claim(ClaimTypes.AuthenticationMethod, "api-key")],
            Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }

    protected override Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = $"ApiKey header=\"{ApiAuthorization.ApiKeyHeader}\"";
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.ApiKeyInvalid, EventName = nameof(AspNetCoreEventIds.ApiKeyInvalid), Level = LogLevel.Warning, Message = "API request rejected: invalid API key")]
        public static partial void InvalidKey(ILogger logger);
    }
}
