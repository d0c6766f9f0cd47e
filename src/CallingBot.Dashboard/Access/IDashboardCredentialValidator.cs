using System.Security.Claims;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Dashboard.Access;

/// <summary>
/// The host's check of what an operator pastes on the sign-in page: the same credential its API takes (an API key, an
/// Entra access token), checked the same way. The dashboard then authorizes the principal with the API's policy.
/// </summary>
public interface IDashboardCredentialValidator
{
    /// <summary>What the sign-in page asks for, for example "API key".</summary>
    string CredentialName { get; }

    /// <summary>
    /// The operator of a one-click sign-in from a loopback client, or null when the host does not offer it (it must only
    /// in a local, development mode).
    /// </summary>
    ClaimsPrincipal? LoopbackOperator { get; }

    /// <summary>The authenticated principal the credential stands for, or null when it is not accepted.</summary>
    Task<ClaimsPrincipal?> ValidateAsync(HttpContext context, string credential);
}
