namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>
/// Protection of the REST API and dashboard (configuration section <c>CallingBot:Api</c>). Local mode takes an API key
/// in <c>X-Api-Key</c>; real mode takes Entra ID bearer tokens carrying one of the required app roles or scopes.
/// </summary>
internal sealed class ApiSecurityOptions
{
    public const string SectionName = "CallingBot:Api";

    /// <summary>
    /// Local mode: the key clients send in <c>X-Api-Key</c>. When empty, a random key is generated at start and printed
    /// once to the console (never to the logs). Not used in real mode.
    /// </summary>
    public string? ApiKey { get; set; }

    /// <summary>
    /// Whether the interactive API page (<c>/scalar/v1</c>) is served, and with it the OpenAPI document without
    /// credentials. Default: in local mode and in the Development environment only.
    /// </summary>
    public bool? ReferencePage { get; set; }

    /// <summary>
    /// Real mode: the OpenID authority of operator tokens. Default
    /// <c>https://login.microsoftonline.com/{CallingBot:Graph:TenantId}/v2.0</c>.
    /// </summary>
    public Uri? Authority { get; set; }

    /// <summary>Real mode: accepted token audiences. Default <c>api://{AppId}</c> and <c>{AppId}</c> of <c>CallingBot:Graph</c>.</summary>
    public List<string> Audiences { get; set; } = [];

    /// <summary>
    /// Real mode: accepted issuers. Default the v2.0 and v1.0 issuers of the bot's tenant
    /// (<c>https://login.microsoftonline.com/{tid}/v2.0</c>, <c>https://sts.windows.net/{tid}/</c>).
    /// </summary>
    public List<string> ValidIssuers { get; set; } = [];

    /// <summary>
    /// Real mode: app roles (<c>roles</c> claim) that grant access. When both this and <see cref="RequiredScopes"/> are
    /// empty (default), the app role or scope <c>CallingBot.Operate</c> is required.
    /// </summary>
    public List<string> RequiredRoles { get; set; } = [];

    /// <summary>Real mode: delegated scopes (<c>scp</c> claim) that grant access. See <see cref="RequiredRoles"/>.</summary>
    public List<string> RequiredScopes { get; set; } = [];

    /// <summary>
    /// Further path prefixes (for example a dashboard) protected like <see cref="ApiAuthorization.PathPrefix"/>, which
    /// is always protected. Default none.
    /// </summary>
    public List<string> ProtectedPathPrefixes { get; set; } = [];

    /// <summary>Largest accepted request body on protected paths, in bytes. Default 256 KiB (262144).</summary>
    public long MaxBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Deepest accepted JSON nesting on protected paths. Default 32.</summary>
    public int MaxJsonDepth { get; set; } = 32;

    /// <summary>Most items accepted in one JSON array on protected paths. Default 1000.</summary>
    public int MaxJsonArrayLength { get; set; } = 1000;

    /// <summary>The app role and scope value of the defaults.</summary>
    public const string DefaultPermission = "CallingBot.Operate";

    internal IReadOnlyList<string> EffectiveRoles => RequiredRoles.Count == 0 && RequiredScopes.Count == 0 ? [DefaultPermission] : RequiredRoles;

    internal IReadOnlyList<string> EffectiveScopes => RequiredRoles.Count == 0 && RequiredScopes.Count == 0 ? [DefaultPermission] : RequiredScopes;

    internal IReadOnlyList<string> EffectivePathPrefixes => [ApiAuthorization.PathPrefix, .. ProtectedPathPrefixes];
}
