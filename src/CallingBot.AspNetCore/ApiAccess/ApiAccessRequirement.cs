using Microsoft.AspNetCore.Authorization;

namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>
/// Real mode: the caller's token carries one of the accepted app roles (<c>roles</c>) or delegated scopes
/// (<c>scp</c>, space separated).
/// </summary>
internal sealed class ApiAccessRequirement(IReadOnlyList<string> roles, IReadOnlyList<string> scopes)
    : AuthorizationHandler<ApiAccessRequirement>, IAuthorizationRequirement
{
    public IReadOnlyList<string> Roles { get; } = roles;

    public IReadOnlyList<string> Scopes { get; } = scopes;

    protected override Task HandleRequirementAsync(AuthorizationHandlerContext context, ApiAccessRequirement requirement)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(requirement);
        var user = context.User;
        var hasRole = user.Claims.Any(c => (c.Type is "roles" or "role" or System.Security.Claims.ClaimTypes.Role)
            && requirement.Roles.Contains(c.Value, StringComparer.Ordinal));
        var hasScope = user.Claims.Any(c => c.Type is "scp" or "http://schemas.microsoft.com/identity/claims/scope"
            && c.Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).Any(s => requirement.Scopes.Contains(s, StringComparer.Ordinal)));
        if (hasRole || hasScope)
        {
            context.Succeed(requirement);
        }

        return Task.CompletedTask;
    }
}
