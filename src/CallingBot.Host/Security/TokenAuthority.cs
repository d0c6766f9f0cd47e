namespace CallingBot.Host.Security;

/// <summary>An OpenID authority whose keys sign callback tokens, and the issuers it may use.</summary>
public sealed class TokenAuthority
{
    /// <summary>Name for logs, for example <c>entra</c>.</summary>
    public string Name { get; set; } = "entra";

    /// <summary>The OpenID configuration document URL.</summary>
    public Uri? MetadataUrl { get; set; }

    /// <summary>Accepted issuer prefixes; the token's tenant id must also be a path segment of the issuer.</summary>
    public List<string> IssuerPrefixes { get; set; } = [];

    /// <summary>Exact issuers accepted without the tenant rule (the legacy Bot Framework issuer).</summary>
    public List<string> ExactIssuers { get; set; } = [];

    /// <summary>When true, the token's azp/appid must be one of the trusted caller app ids.</summary>
    public bool RequireTrustedCaller { get; set; } = true;
}
