namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>
/// Names of the operator API's protection. Every endpoint under <see cref="PathPrefix"/> requires
/// <see cref="PolicyName"/> unless it carries its own authorization metadata; <c>[Authorize]</c> without a policy
/// means the same policy.
/// </summary>
internal static class ApiAuthorization
{
    /// <summary>The authorization policy protecting the REST API and dashboard.</summary>
    public const string PolicyName = "CallingBot.Api";

    /// <summary>Authentication scheme of local mode: a shared key in <see cref="ApiKeyHeader"/>.</summary>
    public const string ApiKeyScheme = "CallingBot.ApiKey";

    /// <summary>Authentication scheme of real mode: Entra ID bearer tokens (<c>Authorization: Bearer …</c>).</summary>
    public const string BearerScheme = "CallingBot.Bearer";

    /// <summary>Request header carrying the API key in local mode.</summary>
    public const string ApiKeyHeader = "X-Api-Key";

    /// <summary>
    /// Named HttpClient (from <see cref="System.Net.Http.IHttpClientFactory"/>) that fetches the real-mode authority's
    /// OpenID metadata and signing keys; configure it to add a proxy or trust a private certificate authority.
    /// </summary>
    public const string MetadataHttpClient = "CallingBot.ApiMetadata";

    /// <summary>Route prefix of the REST API; everything under it is protected by default.</summary>
    public const string PathPrefix = "/api/v1";
}
