using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Settings of the emulated Azure Communication Services Call Automation API, bound from <c>Emulator:Acs</c>.
/// In-process hosts attach them to an <see cref="EmulatorOptions"/> with <see cref="AttachTo"/>; when none are
/// attached the emulator reads <c>Emulator:Acs</c> from <c>emulatorsettings.json</c> and environment variables
/// (<c>Emulator__Acs__AccessKey</c>), falling back to the defaults below.
/// </summary>
public sealed class AcsEmulatorOptions
{
    public const string SectionName = "Emulator:Acs";

    /// <summary>
    /// The well-known development access key (base64 of <c>CallingBot ACS emulator dev key!</c>). Like Azurite's
    /// account key it is public: use it only against the emulator.
    /// </summary>
    public const string DefaultAccessKey = "Q2FsbGluZ0JvdCBBQ1MgZW11bGF0b3IgZGV2IGtleSE=";

    /// <summary>The API version of the seed contract (Create Call and hang-up only).</summary>
    public const string ApiVersion = "2022-04-07-preview";

    /// <summary>The generally available Call Automation version the emulator serves every action on.</summary>
    public const string GaApiVersion = "2025-05-15";

    /// <summary>The default immutable resource id: the audience of the callback tokens.</summary>
    public const string DefaultResourceId = "6f1e4b1a-2c7d-4e58-9a3b-5c0e1a2b3c4d";

    private static readonly ConditionalWeakTable<EmulatorOptions, AcsEmulatorOptions> Attached = [];

    /// <summary>The base64 key every request must be signed with. Default <see cref="DefaultAccessKey"/>.</summary>
    public string AccessKey { get; set; } = DefaultAccessKey;

    /// <summary>How long a Repeatability-Request-ID is remembered, and how old Repeatability-First-Sent may be. Default 10 minutes.</summary>
    public TimeSpan RepeatabilityWindow { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Largest difference between <c>x-ms-date</c> and the emulator's clock. Default 15 minutes.</summary>
    public TimeSpan MaxClockSkew { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>When true (default), a created call connects at once and CallConnected is posted to its callbackUri.</summary>
    public bool AutoConnect { get; set; } = true;

    /// <summary>The ACS resource's immutable id: the audience of the JWT on every callback. Default <see cref="DefaultResourceId"/>.</summary>
    public string ResourceId { get; set; } = DefaultResourceId;

    /// <summary>The Event Grid topic (the resource's ARM id) in IncomingCall events.</summary>
    public string EventGridTopic { get; set; } = "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/emulator/providers/Microsoft.Communication/communicationServices/emulator";

    /// <summary>True when <paramref name="version"/> is an api-version the emulator serves.</summary>
    public static bool IsSupportedApiVersion(string version) => version is ApiVersion or GaApiVersion;

    /// <summary>Uses <paramref name="acs"/> for emulators started with <paramref name="options"/>.</summary>
    public static void AttachTo(EmulatorOptions options, AcsEmulatorOptions acs)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(acs);
        Attached.AddOrUpdate(options, acs);
    }

    /// <summary>The ACS settings of <paramref name="options"/>: the attached ones, else those in configuration, else defaults.</summary>
    public static AcsEmulatorOptions For(EmulatorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Attached.GetValue(options, _ => FromConfiguration(new ConfigurationBuilder()
            .SetBasePath(AppContext.BaseDirectory)
            .AddJsonFile("emulatorsettings.json", optional: true)
            .AddEnvironmentVariables()
            .Build()));
    }

    public static AcsEmulatorOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var acs = new AcsEmulatorOptions();
        configuration.GetSection(SectionName).Bind(acs);
        return acs;
    }

    /// <summary>A connection string for clients: <c>endpoint={endpoint};accesskey={key}</c>.</summary>
    public string GetConnectionString(Uri endpoint)
    {
        ArgumentNullException.ThrowIfNull(endpoint);
        return $"endpoint={endpoint.AbsoluteUri};accesskey={AccessKey}";
    }

    /// <summary>Returns every problem with these options, each naming the setting.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        var buffer = new byte[AccessKey?.Length ?? 0];
        if (string.IsNullOrWhiteSpace(AccessKey) || !Convert.TryFromBase64String(AccessKey, buffer, out var written) || written == 0)
        {
            errors.Add($"{SectionName}:AccessKey must be a non-empty base64 key.");
        }

        if (RepeatabilityWindow <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:RepeatabilityWindow must be positive.");
        }

        if (MaxClockSkew <= TimeSpan.Zero)
        {
            errors.Add($"{SectionName}:MaxClockSkew must be positive.");
        }

        if (string.IsNullOrWhiteSpace(ResourceId))
        {
            errors.Add($"{SectionName}:ResourceId must not be empty.");
        }

        return errors;
    }
}
