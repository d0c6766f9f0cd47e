namespace CallingBot.Graph.Configuration;

/// <summary>
/// How the bot reaches Microsoft Graph (configuration section <c>CallingBot:Graph</c>). In local mode the host fills
/// these in to point at the emulator; in real mode they come from configuration and are validated at start.
/// </summary>
public sealed class GraphCallingOptions
{
    public const string SectionName = "CallingBot:Graph";

    /// <summary>Application (client) id of the bot's Entra app registration.</summary>
    public string? AppId { get; set; }

    /// <summary>Name used in the user agent and logs. Default <c>CallingBot</c>.</summary>
    public string AppName { get; set; } = "CallingBot";

    /// <summary>The bot's home tenant, used when a request names no tenant.</summary>
    public string? TenantId { get; set; }

    /// <summary>Client secret. Prefer a certificate in production.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Path of a PFX file holding the client certificate and its private key.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>Password of <see cref="CertificatePath"/>.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>Thumbprint of a certificate in the CurrentUser or LocalMachine "My" store.</summary>
    public string? CertificateThumbprint { get; set; }

    /// <summary>The public https URL Graph posts notifications to (the bot's calling webhook), for example <c>https://bot.contoso.com/api/calling</c>.</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>Graph calls API base. Default <c>https://graph.microsoft.com/v1.0</c>.</summary>
    public Uri ServiceBaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>Entra authority host. Default <c>https://login.microsoftonline.com</c>.</summary>
    public Uri AuthorityHost { get; set; } = new("https://login.microsoftonline.com");

    /// <summary>
    /// False for authorities MSAL does not know (the local emulator): skips authority validation and instance discovery.
    /// </summary>
    public bool ValidateAuthority { get; set; } = true;

    /// <summary>Token audience requested for Graph. Default <c>https://graph.microsoft.com/.default</c>.</summary>
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>
    /// Get one token at start so unusable credentials stop the service with a clear message. Default true.
    /// </summary>
    public bool VerifyCredentialsAtStart { get; set; } = true;

    /// <summary>Retries with backoff and a circuit breaker for requests to the calls API (<c>CallingBot:Graph:Resilience</c>).</summary>
    public GraphResilienceOptions Resilience { get; set; } = new();

    /// <summary>Which credential is configured, for messages: <c>client secret</c>, <c>certificate file</c> or <c>certificate store</c>.</summary>
    public string CredentialKind =>
        !string.IsNullOrWhiteSpace(CertificatePath) ? "certificate file"
        : !string.IsNullOrWhiteSpace(CertificateThumbprint) ? "certificate store"
        : "client secret";

    public bool HasCertificate => !string.IsNullOrWhiteSpace(CertificatePath) || !string.IsNullOrWhiteSpace(CertificateThumbprint);
}
