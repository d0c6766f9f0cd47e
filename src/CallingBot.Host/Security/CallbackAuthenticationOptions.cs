namespace CallingBot.Host.Security;

/// <summary>
/// How notification callbacks are authenticated (configuration section <c>CallingBot:Callbacks</c>). Defaults trust
/// Microsoft Entra (public cloud) and the legacy Bot Framework authority, as Graph uses them.
/// </summary>
public sealed class CallbackAuthenticationOptions
{
    public const string SectionName = "CallingBot:Callbacks";

    /// <summary>The Teams calling service's app id, the caller Graph notifications come from.</summary>
    public const string TeamsCallingServiceAppId = "26a18ebc-cdf7-4a6a-91cb-beb352805e81";

    public List<TokenAuthority> Authorities { get; set; } = [];

    /// <summary>App ids allowed as the token's azp/appid. Default: the Teams calling service.</summary>
    public List<string> TrustedCallerAppIds { get; set; } = [];

    /// <summary>When not empty, only notifications for these tenants are accepted.</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Clock skew tolerated on token lifetime. Default 2 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest accepted notification body. Default 1 MiB.</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted bearer token. Default 16 KiB.</summary>
    public int MaxTokenLength { get; set; } = 16 * 1024;

    /// <summary>Least time between two key refreshes triggered by an unknown key id. Default 1 minute.</summary>
    public TimeSpan MinimumKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Metadata may be fetched over http (only the local emulator sets this).</summary>
    public bool AllowHttpMetadata { get; set; }

    public static List<TokenAuthority> MicrosoftDefaults() =>
    [
        new TokenAuthority
        {
            Name = "entra",
            MetadataUrl = new Uri("https://login.microsoftonline.com/common/v2.0/.well-known/openid-configuration"),
            IssuerPrefixes = ["https://login.microsoftonline.com/", "https://sts.windows.net/"],
            RequireTrustedCaller = true,
        },
        new TokenAuthority
        {
            Name = "botframework",
            MetadataUrl = new Uri("https://api.aps.skype.com/v1/.well-known/openidconfiguration"),
            ExactIssuers = ["https://api.botframework.com"],
            RequireTrustedCaller = false,
        },
    ];
}
