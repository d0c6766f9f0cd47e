using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Dashboard.Access;

/// <summary>The dashboard's session: an ASP.NET Core cookie scheme whose cookie authenticates only where it may.</summary>
public static class DashboardAuthentication
{
    /// <summary>The cookie authentication scheme of dashboard sessions; add it to the API policy's schemes.</summary>
    public const string Scheme = "CallingBot.Dashboard";

    /// <summary>
    /// The session cookie. The <c>__Host-</c> prefix makes browsers insist on Secure, path <c>/</c> and no domain.
    /// </summary>
    public const string CookieName = "__Host-CallingBot.Dashboard";

    /// <summary>Where the dashboard lives.</summary>
    public const string PathPrefix = "/dashboard";

    /// <summary>Claim types copied from the credential's principal into the session (the API's authorization reads them).</summary>
    internal static readonly string[] KeptClaimTypes =
    [
        ClaimTypes.Name, "name", "preferred_username", "oid", "tid", "roles", "role", ClaimTypes.Role, "scp",
        "http://schemas.microsoft.com/identity/claims/scope", ClaimTypes.AuthenticationMethod,
    ];

    /// <summary>
    /// Whether a session cookie may authenticate <paramref name="request"/>: anything under the dashboard, and GET or
    /// HEAD on the read-only API paths. Anything else (every state-changing API call) is refused, so a page elsewhere
    /// can never make the browser's cookie act on the API (CSRF).
    /// </summary>
    public static bool IsInCookieScope(HttpRequest request, IEnumerable<string> readOnlyApiPaths)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(readOnlyApiPaths);
        if (request.Path.StartsWithSegments(PathPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method))
        {
            return false;
        }

        return readOnlyApiPaths.Any(path => request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase));
    }

    internal static CookieAuthenticationEvents Events(Func<HttpContext, IEnumerable<string>> readOnlyApiPaths) => new()
    {
        OnValidatePrincipal = context =>
        {
            if (!IsInCookieScope(context.Request, readOnlyApiPaths(context.HttpContext)))
            {
                context.RejectPrincipal();
            }

            return Task.CompletedTask;
        },

        // The host's authorization answers 401/403 as ProblemDetails; the pages send signed-out users to the sign-in page.
        OnRedirectToLogin = context =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return Task.CompletedTask;
        },
        OnRedirectToAccessDenied = context =>
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            return Task.CompletedTask;
        },
        OnRedirectToLogout = _ => Task.CompletedTask,
        OnRedirectToReturnUrl = _ => Task.CompletedTask,
    };
}
