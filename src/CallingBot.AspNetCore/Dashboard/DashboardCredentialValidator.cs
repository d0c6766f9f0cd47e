using System.Security.Claims;
using CallingBot.Dashboard.Access;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.AspNetCore.Hosting;
using Microsoft.AspNetCore.Authentication;

namespace CallingBot.AspNetCore.Dashboard;

/// <summary>
/// The dashboard's sign-in checks what the API checks: in local mode the API key (constant time, <see cref="ApiKeyStore"/>),
/// and a one-click sign-in for a browser on this machine; in real mode an Entra access token, validated by the API's
/// bearer scheme exactly as on <c>/api/v1</c>.
/// </summary>
internal sealed class DashboardCredentialValidator(HostMode mode, IServiceProvider services) : IDashboardCredentialValidator
{
    public string CredentialName => mode == HostMode.Real ? "Entra access token" : "API key";

    public ClaimsPrincipal? LoopbackOperator => mode == HostMode.Real
        ? null
        : Operator("loopback");

    public async Task<ClaimsPrincipal?> ValidateAsync(HttpContext context, string credential)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(credential);
        if (mode != HostMode.Real)
        {
            return services.GetRequiredService<ApiKeyStore>().Matches(credential) ? Operator("api-key") : null;
        }

        // A scheme's handler authenticates a request once and keeps the answer (and the request's scope keeps the
        // handler), so the token gets a request and a scope of its own.
        var token = credential.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? credential["Bearer ".Length..].Trim() : credential;
        await using var scope = services.CreateAsyncScope();
        var probe = new DefaultHttpContext { RequestServices = scope.ServiceProvider, RequestAborted = context.RequestAborted };
        probe.Request.Scheme = context.Request.Scheme;
        probe.Request.Host = context.Request.Host;
        probe.Request.Headers.Authorization = "Bearer " + token;
        var result = await probe.AuthenticateAsync(ApiAuthorization.BearerScheme);
        return result.Succeeded ? result.Principal : null;
    }

    private static ClaimsPrincipal Operator(string method) => new(new ClaimsIdentity(
        [new Claim(ClaimTypes.Name, "local-operator"), new Claim(ClaimTypes.AuthenticationMethod, method)],
        ApiAuthorization.ApiKeyScheme));
}
