using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator;

/// <summary>
/// Settings of the emulator. Bound from the configuration section <c>Emulator</c> when it runs standalone.
/// </summary>
public sealed class EmulatorOptions
{
    public const string SectionName = "Emulator";

    /// <summary>The Teams calling service's application id; notifications carry it as <c>azp</c> and <c>appid</c>.</summary>
    public const string TeamsCallingServiceAppId = "26a18ebc-cdf7-4a6a-91cb-beb352805e81";

    /// <summary>Address the listeners bind to. Default <c>127.0.0.1</c> (loopback only).</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// Host names (or IP addresses, or <c>*.suffix</c> patterns) accepted in the Host header besides the loopback names
    /// (<c>localhost</c>, <c>*.localhost</c>, <c>127.0.0.1</c>, <c>[::1]</c>) and a specific <see cref="BindAddress"/>.
    /// Other Host headers get 400, which stops DNS-rebinding pages. Also the origins whose web pages may send requests.
    /// Default empty.
    /// </summary>
    public List<string> AllowedHosts { get; set; } = [];

    /// <summary>HTTPS port; 0 picks a free port. Default 0.</summary>
    public int HttpsPort { get; set; }

    /// <summary>Plain HTTP port; 0 picks a free port, null disables the listener. Default 0.</summary>
    public int? HttpPort { get; set; } = 0;

    /// <summary>Where the TLS certificate and the token signing key are kept; null keeps them in memory only.</summary>
    public string? DataDirectory { get; set; }

    /// <summary>Tenant used when a request names none.</summary>
    public string DefaultTenantId { get; set; } = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

    /// <summary>Application id of the calling service, sent as <c>azp</c>/<c>appid</c> in notification tokens.</summary>
    public string CallingServiceAppId { get; set; } = TeamsCallingServiceAppId;

    /// <summary>Registered applications (bots). Each may call the Graph API with a token from the emulator.</summary>
    public List<EmulatedApplication> Applications { get; set; } = [];

    /// <summary>Simulated Teams users.</summary>
    public List<EmulatedUser> Users { get; set; } = [];

    /// <summary>Simulated PSTN numbers.</summary>
    public List<EmulatedPstnNumber> PstnNumbers { get; set; } = [];

    /// <summary>Application instances (resource accounts) that bots place PSTN calls from.</summary>
    public List<EmulatedApplicationInstance> ApplicationInstances { get; set; } = [];

    /// <summary>Scheduled meetings bots can join.</summary>
    public List<EmulatedMeeting> Meetings { get; set; } = [];

    /// <summary>
    /// When true (default), a target that is not in the directory is treated as a user or number that answers
    /// at once; when false, such a target fails with 404.
    /// </summary>
    public bool AcceptUnknownTargets { get; set; } = true;

    /// <summary>
    /// Accept plain http callback URIs (Graph requires https). Applies to every callback: app registrations, calls the
    /// bot creates, answers, rejects and redirects, incoming calls placed through the control API, ACS calls. Default false.
    /// </summary>
    public bool AllowHttpCallbacks { get; set; }

    /// <summary>Time a bot has to answer, reject or redirect an incoming call. Default 15 s.</summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Answer deadline for policy-based recording invitations. Default 5 s.</summary>
    public TimeSpan PolicyRecordingAnswerTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A call that receives no request for this long ends. Default 45 minutes.</summary>
    public TimeSpan IdleCallTimeout { get; set; } = TimeSpan.FromMinutes(45);

    /// <summary>How long an outgoing call rings a simulated callee that never answers. Default 60 s.</summary>
    public TimeSpan RingingTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>Simulated playing time of each prompt before playPrompt completes. Default zero.</summary>
    public TimeSpan PromptDuration { get; set; }

    /// <summary>
    /// How long the simulated caller speaks into a recordResponse after its prompts; then the caller is silent and the
    /// recording completes (<c>maxSilenceTimeout</c>), or at <c>maxRecordDurationInSeconds</c> when that is shorter
    /// (<c>maxRecordDurationReached</c>). A pressed stop tone ends it earlier. Default zero.
    /// </summary>
    public TimeSpan RecordedResponseDuration { get; set; }

    /// <summary>
    /// Answer recordResponse <c>completed</c> in the response itself instead of Graph's documented <c>running</c> then a
    /// completion notification. For bots that call the Communications SDK's <c>ICall.RecordResponseAsync</c> directly:
    /// that method waits under a client context it never sends, so only a completed response ends it. Default false.
    /// </summary>
    public bool CompleteRecordResponseInResponse { get; set; }

    /// <summary>Attempts per notification delivery (first try included). Default 4.</summary>
    public int MaxDeliveryAttempts { get; set; } = 4;

    /// <summary>Delay before the first retry of a failed delivery; doubles on each retry. Default 1 s.</summary>
    public TimeSpan DeliveryRetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Connections the delivery client keeps open per callback host (more deliveries queue). Default 32.</summary>
    public int MaxConnectionsPerCallbackHost { get; set; } = 32;

    /// <summary>Time a single delivery attempt may take. Default 15 s.</summary>
    public TimeSpan DeliveryTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Lifetime of issued access tokens and notification tokens. Default 1 hour.</summary>
    public TimeSpan TokenLifetime { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Largest request body accepted, in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1024 * 1024;

    /// <summary>
    /// Largest number of timeline entries kept per call; older ones are dropped (and counted). Default 2000.
    /// </summary>
    public int MaxTimelineEntriesPerCall { get; set; } = 2000;

    /// <summary>
    /// Characters of bodies, paths and descriptions kept in one call's timeline (about two bytes each); older entries
    /// are dropped (and counted) past it, the newest entry always stays. Default 2,000,000.
    /// </summary>
    public long MaxTimelineCharsPerCall { get; set; } = 2_000_000;

    /// <summary>
    /// Ended calls kept (with their timelines and media) for inspection; the oldest are forgotten past it. Default 100.
    /// </summary>
    public int MaxEndedCalls { get; set; } = 100;

    /// <summary>
    /// Chaos (reordering, duplicates, delays, faults) for calls that do not carry their own, until the control API
    /// replaces it. Default none.
    /// </summary>
    public Calls.ChaosOptions Chaos { get; set; } = new();

    /// <summary>The softphone page at <c>/emulator/softphone/</c>: audio connections and where prompts are read from.</summary>
    public Softphone.SoftphoneOptions Softphone { get; set; } = new();

    /// <summary>Returns every problem with these options, each naming the setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(BindAddress))
        {
            errors.Add("Emulator:BindAddress must not be empty.");
        }

        for (var i = 0; i < AllowedHosts.Count; i++)
        {
            if (Http.HostNames.Validate(AllowedHosts[i]) is { } problem)
            {
                errors.Add($"Emulator:AllowedHosts:{i} {problem}.");
            }
        }

        if (HttpsPort is < 0 or > 65535)
        {
            errors.Add("Emulator:HttpsPort must be between 0 and 65535.");
        }

        if (HttpPort is < 0 or > 65535)
        {
            errors.Add("Emulator:HttpPort must be between 0 and 65535, or null.");
        }

        if (!Guid.TryParse(DefaultTenantId, out _))
        {
            errors.Add("Emulator:DefaultTenantId must be a GUID.");
        }

        if (AnswerTimeout <= TimeSpan.Zero || PolicyRecordingAnswerTimeout <= TimeSpan.Zero || IdleCallTimeout <= TimeSpan.Zero)
        {
            errors.Add("Emulator:AnswerTimeout, PolicyRecordingAnswerTimeout and IdleCallTimeout must be positive.");
        }

        if (PromptDuration < TimeSpan.Zero || RecordedResponseDuration < TimeSpan.Zero)
        {
            errors.Add("Emulator:PromptDuration and RecordedResponseDuration must not be negative.");
        }

        if (MaxDeliveryAttempts < 1)
        {
            errors.Add("Emulator:MaxDeliveryAttempts must be at least 1.");
        }

        if (MaxRequestBodyBytes < 1024)
        {
            errors.Add("Emulator:MaxRequestBodyBytes must be at least 1024.");
        }

        if (MaxTimelineEntriesPerCall is < 10 or > 1_000_000)
        {
            errors.Add("Emulator:MaxTimelineEntriesPerCall must be between 10 and 1000000.");
        }

        if (MaxTimelineCharsPerCall is < 10_000 or > 1_000_000_000)
        {
            errors.Add("Emulator:MaxTimelineCharsPerCall must be between 10000 and 1000000000.");
        }

        if (MaxEndedCalls is < 0 or > 100_000)
        {
            errors.Add("Emulator:MaxEndedCalls must be between 0 and 100000.");
        }

        if (Chaos is null)
        {
            errors.Add("Emulator:Chaos must not be null.");
        }
        else
        {
            errors.AddRange(Chaos.Validate("Emulator:Chaos"));
        }

        if (Softphone is null)
        {
            errors.Add("Emulator:Softphone must not be null.");
        }
        else
        {
            errors.AddRange(Softphone.Validate());
        }

        AddDirectoryErrors(errors, "Users", Users, u => u.Validate());
        AddDirectoryErrors(errors, "PstnNumbers", PstnNumbers, n => n.Validate());
        AddDirectoryErrors(errors, "ApplicationInstances", ApplicationInstances, a => a.Validate());
        AddDirectoryErrors(errors, "Meetings", Meetings, m => m.Validate());
        var appIds = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < Applications.Count; i++)
        {
            errors.AddRange(Applications[i].Validate($"Emulator:Applications:{i}", AllowHttpCallbacks));
            if (!string.IsNullOrWhiteSpace(Applications[i].AppId) && !appIds.TryAdd(Applications[i].AppId, i))
            {
                errors.Add($"Emulator:Applications:{i}:AppId '{Applications[i].AppId}' is already registered by Emulator:Applications:{appIds[Applications[i].AppId]}.");
            }
        }

        return errors;
    }

    private static void AddDirectoryErrors<T>(List<string> errors, string name, List<T> entries, Func<T, IEnumerable<string>> validate)
    {
        if (entries.Count > EmulatorLimits.MaxDirectoryEntries)
        {
            errors.Add($"Emulator:{name} has {entries.Count} entries; at most {EmulatorLimits.MaxDirectoryEntries} are accepted.");
        }

        for (var i = 0; i < entries.Count; i++)
        {
            foreach (var problem in validate(entries[i]))
            {
                errors.Add($"Emulator:{name}:{i}: {problem}");
            }
        }
    }
}
