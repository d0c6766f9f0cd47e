namespace CallingBot.AspNetCore.Callbacks;

/// <summary>An OpenID authority whose keys sign callback tokens, and the issuers it may use.</summary>
internal sealed class TokenAuthority
{
    /// <summary>Name for logs, for example <c>entra</c>.</summary>
    public string Name { get; set; } = "entra";

    /// <summary>The OpenID configuration document URL (its <c>jwks_uri</c> supplies the signing keys).</summary>
    public Uri? MetadataUrl { get; set; }

    /// <summary>
    /// Accepted issuer prefixes, each an absolute URL ending in <c>/</c>. The path segment right after the prefix must
    /// be the token's tenant id (<c>https://login.microsoftonline.com/{tid}/v2.0</c>).
    /// </summary>
    public List<string> IssuerPrefixes { get; set; } = [];

    /// <summary>Exact issuers accepted without the tenant rule (the Teams calling authority's constant issuers).</summary>
    public List<string> ExactIssuers { get; set; } = [];

    /// <summary>When true, the token's azp/appid must be one of the trusted caller app ids.</summary>
    public bool RequireTrustedCaller { get; set; } = true;
}
