namespace CallingBot.Dashboard.Access;

/// <summary>How the host protects the dashboard; set by the host when it adds the dashboard, not from configuration.</summary>
public sealed class DashboardAccessOptions
{
    /// <summary>The authorization policy of the host's API, which the dashboard's endpoints and sessions must satisfy.</summary>
    public string AuthorizationPolicy { get; set; } = string.Empty;

    /// <summary>
    /// Read-only API paths (GET and HEAD only, the path or anything under it) a dashboard session cookie authenticates,
    /// besides the dashboard's own endpoints. Default <c>/api/v1/history</c> and <c>/api/v1/calls</c>.
    /// </summary>
    public IList<string> ReadOnlyApiPaths { get; } = ["/api/v1/history", "/api/v1/calls"];
}
