namespace CallingBot.Acs.Configuration;

/// <summary>
/// Settings of the Azure Communication Services calling platform, bound from <c>CallingBot:Acs</c>.
/// Give either <see cref="ConnectionString"/> or both <see cref="Endpoint"/> and <see cref="AccessKey"/>.
/// </summary>
public sealed class AcsOptions
{
    public const string SectionName = "CallingBot:Acs";

    /// <summary>The generally available Call Automation API version every request is sent with.</summary>
    public const string DefaultApiVersion = "2025-05-15";

    /// <summary>The resource's https endpoint, e.g. <c>https://contoso.communication.azure.com/</c>.</summary>
    public Uri? Endpoint { get; set; }

    /// <summary>The resource's access key (base64). Used to sign every request with HMAC-SHA256.</summary>
    public string? AccessKey { get; set; }

    /// <summary>The resource's connection string, <c>endpoint=https://...;accesskey=...</c>; replaces Endpoint and AccessKey.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The https URL ACS posts call events to (the request's <c>callbackUri</c>).</summary>
    public Uri? CallbackUrl { get; set; }

    /// <summary>
    /// The host supplies the callback URL (<see cref="Calling.AcsCallingPlatform.CallbackUrlResolver"/>) when
    /// <see cref="CallbackUrl"/> is empty: local mode sets this, because the bot's address is known only once it listens.
    /// </summary>
    public bool CallbackUrlFromHost { get; set; }

    /// <summary>The <c>api-version</c> query value. Default <see cref="DefaultApiVersion"/>.</summary>
    public string ApiVersion { get; set; } = DefaultApiVersion;

    /// <summary>The bot's own ACS identity (<c>8:acs:...</c>), sent as the call's source identifier.</summary>
    public string? SourceUserId { get; set; }

    /// <summary>The E.164 number shown to PSTN targets when a request names no phone source. Required to call phones.</summary>
    public string? CallerIdNumber { get; set; }

    /// <summary>Display name shown to PSTN targets. Optional.</summary>
    public string? CallerDisplayName { get; set; }

    /// <summary>
    /// The public <c>wss://</c> base address of the bot's media endpoint, for app-hosted media: ACS connects to
    /// <c>{this}/media/{sessionId}?token={per-call secret}</c>. When empty, the host's <c>CallingBot:Media:PublicUrl</c>
    /// (local mode: the bot's own https listener) is used.
    /// </summary>
    public Uri? MediaStreamingTransportUrl { get; set; }

    /// <summary>
    /// Ask ACS to stream an app-hosted call's audio as soon as it connects (<c>startMediaStreaming</c>). False: streaming
    /// starts when the handler first asks for the call's media (<c>:startMediaStreaming</c>). Default true.
    /// </summary>
    public bool StartMediaStreaming { get; set; } = true;

    /// <summary>
    /// <c>Mixed</c> (default): one stream of everyone but the bot. <c>Unmixed</c>: the audio of up to four dominant
    /// speakers, one frame each per 20 ms, labelled with the speaker (<c>AudioFrame.ParticipantId</c>).
    /// </summary>
    public AcsAudioChannel MediaStreamingAudioChannel { get; set; } = AcsAudioChannel.Mixed;

    /// <summary>
    /// <c>Pcm16KMono</c> (default, 640-byte frames) or <c>Pcm24KMono</c> (960-byte frames). The call's pipeline runs at
    /// that rate, both ways; its processors take the rate from <c>ICallMedia.Format</c>.
    /// </summary>
    public AcsAudioFormat MediaStreamingAudioFormat { get; set; } = AcsAudioFormat.Pcm16KMono;

    /// <summary>Retries after the first attempt on 429, 5xx and transport failures. Default 3.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>Delay before the first retry when the service sends no Retry-After; doubles on each retry. Default 1 s.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest wait between two attempts, whatever Retry-After says. Default 30 s.</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The endpoint in effect: from <see cref="ConnectionString"/> when set, else <see cref="Endpoint"/>.</summary>
    public Uri? ResolveEndpoint() =>
        AcsConnectionString.TryParse(ConnectionString, out var endpoint, out _) ? endpoint : Endpoint;

    /// <summary>The access key in effect: from <see cref="ConnectionString"/> when set, else <see cref="AccessKey"/>.</summary>
    public string? ResolveAccessKey() =>
        AcsConnectionString.TryParse(ConnectionString, out _, out var key) ? key : AccessKey;
}
