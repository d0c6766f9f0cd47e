using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>
/// The default authentication of every request: none. It reads nothing and answers no result, so the authentication
/// middleware leaves a request anonymous until an endpoint's authorization policy authenticates it with its own scheme.
/// </summary>
internal sealed class UnauthenticatedHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory loggerFactory, UrlEncoder encoder)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, loggerFactory, encoder)
{
    public const string SchemeName = "CallingBot.Unauthenticated";

    protected override Task<AuthenticateResult> HandleAuthenticateAsync() => Task.FromResult(AuthenticateResult.NoResult());
}
