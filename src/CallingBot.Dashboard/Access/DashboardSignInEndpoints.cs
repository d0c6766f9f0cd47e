using System.Net;
using System.Security.Claims;
using CallingBot.Dashboard.Configuration;
using CallingBot.Dashboard.Diagnostics;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Access;

/// <summary>
/// Sign-in and sign-out. The operator pastes the API's credential, which the host checks as its API would; the
/// principal must satisfy the API's policy; then the session cookie is issued. Attempts are rate-limited per client
/// address and must come from the dashboard's own origin.
/// </summary>
internal static partial class DashboardSignInEndpoints
{
    /// <summary>Longest credential accepted (an Entra access token fits easily).</summary>
    public const int MaxCredentialLength = 16 * 1024;

    public const string CredentialField = "credential";

    public static async Task<IResult> SignInAsync(
        HttpContext context,
        IDashboardCredentialValidator validator,
        SignInRateLimiter rateLimiter,
        IAuthorizationService authorization,
        IOptions<DashboardAccessOptions> access,
        IOptions<DashboardOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(DashboardSignInEndpoints).FullName!);
        if (Refused(context) is { } refused)
        {
            return refused;
        }

        var client = ClientAddress(context);
        if (rateLimiter.Acquire(client) is { } retryAfter)
        {
            Log.Throttled(logger, client);
            context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            return Results.Problem(
                statusCode: StatusCodes.Status429TooManyRequests,
                title: "Too many sign-in attempts",
                detail: $"At most {options.Value.SignInAttemptsPerWindow} sign-in attempts per {options.Value.SignInWindow} are accepted from one address; retry later.");
        }

        if (!context.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: "Sign in with a form (application/x-www-form-urlencoded) holding 'credential'.");
        }

        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        var credential = form[CredentialField].ToString().Trim();
        if (credential.Length == 0 || credential.Length > MaxCredentialLength)
        {
            return Results.ValidationProblem(
                new Dictionary<string, string[]> { [CredentialField] = [$"Paste the {validator.CredentialName} (1 to {MaxCredentialLength} characters)."] },
                title: "Invalid sign-in");
        }

        var principal = await validator.ValidateAsync(context, credential);
        if (principal is null)
        {
            Log.Refused(logger, client, "credential-not-accepted");
            return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Sign-in refused", detail: $"The {validator.CredentialName} was not accepted.");
        }

        return await IssueAsync(context, principal, authorization, access.Value, options.Value, logger, client, "credential");
    }

    public static async Task<IResult> SignInLoopbackAsync(
        HttpContext context,
        IDashboardCredentialValidator validator,
        IAuthorizationService authorization,
        IOptions<DashboardAccessOptions> access,
        IOptions<DashboardOptions> options,
        ILoggerFactory loggers)
    {
        var logger = loggers.CreateLogger(typeof(DashboardSignInEndpoints).FullName!);
        if (Refused(context) is { } refused)
        {
            return refused;
        }

        var client = ClientAddress(context);
        if (validator.LoopbackOperator is not { } principal || !IsLoopback(context))
        {
            Log.Refused(logger, client, "loopback-sign-in-not-allowed");
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Sign-in refused", detail: "One-click sign-in is offered only in local mode and only to a browser on this machine.");
        }

        return await IssueAsync(context, principal, authorization, access.Value, options.Value, logger, client, "loopback");
    }

    public static async Task<IResult> SignOutAsync(HttpContext context, ILoggerFactory loggers)
    {
        if (Refused(context) is { } refused)
        {
            return refused;
        }

        await context.SignOutAsync(DashboardAuthentication.Scheme);
        Log.SignedOut(loggers.CreateLogger(typeof(DashboardSignInEndpoints).FullName!), ClientAddress(context));
        return Results.NoContent();
    }

    /// <summary>What the sign-in page offers this client.</summary>
    public static IResult Describe(HttpContext context, IDashboardCredentialValidator validator) =>
        Results.Json(new { credentialName = validator.CredentialName, loopbackSignIn = validator.LoopbackOperator is not null && IsLoopback(context) }, DashboardJson.Options);

    internal static bool IsLoopback(HttpContext context) =>
        context.Connection.RemoteIpAddress is { } address && IPAddress.IsLoopback(address);

    private static async Task<IResult> IssueAsync(
        HttpContext context,
        ClaimsPrincipal principal,
        IAuthorizationService authorization,
        DashboardAccessOptions access,
        DashboardOptions options,
        ILogger logger,
        string client,
        string method)
    {
        var allowed = await authorization.AuthorizeAsync(principal, resource: null, access.AuthorizationPolicy);
        if (!allowed.Succeeded)
        {
            Log.Refused(logger, client, "not-authorized");
            return Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Sign-in refused", detail: "The credential is valid but does not grant access to the API (role or scope missing).");
        }

        var claims = principal.Claims
            .Where(c => DashboardAuthentication.KeptClaimTypes.Contains(c.Type, StringComparer.Ordinal))
            .Select(c => new Claim(c.Type, c.Value))
            .ToList();
        claims.Add(new Claim("callingbot.signin", method));
        var identity = new ClaimsIdentity(claims, DashboardAuthentication.Scheme, ClaimTypes.Name, ClaimTypes.Role);
        await context.SignInAsync(
            DashboardAuthentication.Scheme,
            new ClaimsPrincipal(identity),
            new AuthenticationProperties { IsPersistent = false, AllowRefresh = true });
        Log.SignedIn(logger, client, method, options.SessionIdleTimeout);
        return Results.NoContent();
    }

    /// <summary>Cross-site sign-in and sign-out are refused: a browser names the page's origin on a POST.</summary>
    private static IResult? Refused(HttpContext context)
    {
        var origin = context.Request.Headers.Origin.ToString();
        if (origin.Length == 0)
        {
            return null;
        }

        var own = $"{context.Request.Scheme}://{context.Request.Host.Value}";
        return string.Equals(origin, own, StringComparison.OrdinalIgnoreCase)
            ? null
            : Results.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Cross-site request refused", detail: "Sign in from the dashboard's own sign-in page.");
    }

    private static string ClientAddress(HttpContext context) => context.Connection.RemoteIpAddress?.ToString() ?? "unknown";

    private static partial class Log
    {
        [LoggerMessage(EventId = DashboardEventIds.DashboardSignedIn, EventName = nameof(DashboardEventIds.DashboardSignedIn), Level = LogLevel.Information, Message = "Dashboard sign-in from {Client} by {Method}; the session expires after {IdleTimeout} unused")]
        public static partial void SignedIn(ILogger logger, string client, string method, TimeSpan idleTimeout);

        [LoggerMessage(EventId = DashboardEventIds.DashboardSignInRefused, EventName = nameof(DashboardEventIds.DashboardSignInRefused), Level = LogLevel.Warning, Message = "Dashboard sign-in from {Client} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string client, string reason);

        [LoggerMessage(EventId = DashboardEventIds.DashboardSignInThrottled, EventName = nameof(DashboardEventIds.DashboardSignInThrottled), Level = LogLevel.Warning, Message = "Dashboard sign-in from {Client} refused with 429: too many attempts")]
        public static partial void Throttled(ILogger logger, string client);

        [LoggerMessage(EventId = DashboardEventIds.DashboardSignedOut, EventName = nameof(DashboardEventIds.DashboardSignedOut), Level = LogLevel.Information, Message = "Dashboard sign-out from {Client}")]
        public static partial void SignedOut(ILogger logger, string client);
    }
}
