namespace CallingBot.Emulator.Identity;

/// <summary>The caller of a Graph request, as read from its validated access token.</summary>
internal sealed record AccessTokenPrincipal(string AppId, string TenantId, IReadOnlySet<string> Roles, DateTimeOffset ExpiresAt)
{
    public bool HasAny(params ReadOnlySpan<string> permissions)
    {
        foreach (var permission in permissions)
        {
            if (Roles.Contains(permission))
            {
                return true;
            }
        }

        return false;
    }
}
