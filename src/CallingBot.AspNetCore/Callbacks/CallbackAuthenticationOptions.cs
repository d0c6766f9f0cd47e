namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// How notification callbacks are authenticated (configuration section <c>CallingBot:Callbacks</c>). With no authority
/// configured, the Microsoft defaults apply: Entra ID (public cloud) and the Teams/Skype calling authority, as Graph
/// uses them. Local mode replaces them with the emulator's authority.
/// </summary>
internal sealed class CallbackAuthenticationOptions
{
    public const string SectionName = "CallingBot:Callbacks";

    /// <summary>The Teams calling service's app id, the caller Graph notifications come from.</summary>
    public const string TeamsCallingServiceAppId = "26a18ebc-cdf7-4a6a-91cb-beb352805e81";

    /// <summary>Trusted OpenID authorities. Empty (default): <see cref="MicrosoftDefaults"/>.</summary>
    public List<TokenAuthority> Authorities { get; set; } = [];

    /// <summary>App ids allowed as the token's azp/appid. Empty (default): the Teams calling service only.</summary>
    public List<string> TrustedCallerAppIds { get; set; } = [];

    /// <summary>When not empty, only tokens whose <c>tid</c> is one of these tenants are accepted. Default empty (any tenant).</summary>
    public List<string> AllowedTenants { get; set; } = [];

    /// <summary>Clock skew tolerated on token lifetime. Default 2 minutes; at most 5 minutes.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Largest accepted notification body in bytes. Default 1 MiB (1048576).</summary>
    public long MaxBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>Largest accepted bearer token in characters. Default 16 KiB (16384).</summary>
    public int MaxTokenLength { get; set; } = 16 * 1024;

    /// <summary>Least time between two key refreshes triggered by an unknown key id. Default 1 minute.</summary>
    public TimeSpan MinimumKeyRefreshInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Signing keys are fetched again after this long even when no unknown key id appeared. Default 12 hours.</summary>
    public TimeSpan KeyRefreshInterval { get; set; } = TimeSpan.FromHours(12);

    /// <summary>
    /// Most requests one token may authenticate per <see cref="TokenRequestWindow"/>; more are answered 429 with
    /// Retry-After. Graph reuses one token for up to an hour across all the bot's notifications, so one token carries
    /// every notification an instance takes: the default, 600000 (10,000 a second), is twice what one instance answering
    /// 1,000 calls a second receives (about five notifications per call); it caps what a captured token can push.
    /// </summary>
    public int MaxRequestsPerToken { get; set; } = 600_000;

    /// <summary>The window of <see cref="MaxRequestsPerToken"/>, starting at a token's first request in it. Default 1 minute.</summary>
    public TimeSpan TokenRequestWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Bodies remembered per token to recognise a replay (the same token presenting a body the bot already processed),
    /// each until its token expires. Default 100000 (about 11 MB when full).
    /// </summary>
    public int ReplayCacheCapacity { get; set; } = 100_000;

    /// <summary>Metadata may be fetched over plain http. Refused in real mode. Default false.</summary>
    public bool AllowHttpMetadata { get; set; }

    /// <summary>The authorities Graph signs notification tokens with.</summary>
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
            Name = "teams",
            MetadataUrl = new Uri("https://api.aps.skype.com/v1/.well-known/openidconfiguration"),
            ExactIssuers = ["https://graph.microsoft.com", "https://api.botframework.com"],
            RequireTrustedCaller = false,
        },
    ];
}
