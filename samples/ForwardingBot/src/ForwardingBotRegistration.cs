using System.ComponentModel.DataAnnotations;
using CallingBot.AspNetCore;
using CallingBot.Core.Calls;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace ForwardingBot;

/// <summary>The sample in a host: the forwarding rules from the <c>ForwardingBot</c> section, checked at start.</summary>
public static class ForwardingBotRegistration
{
    public const string SectionName = "ForwardingBot";

    public static CallingBotBuilder AddForwardingBot(this CallingBotBuilder bot)
    {
        ArgumentNullException.ThrowIfNull(bot);
        bot.Services.AddOptions<ForwardingSettings>()
            .Bind(bot.Configuration.GetSection(SectionName))
            .ValidateDataAnnotations()
            .Validate(s => s.TryFindTimeZone(out _), $"{SectionName}:TimeZone is not a time zone id this machine knows (for example UTC or Europe/Berlin).")
            .Validate(s => s.OfficeOpens < s.OfficeCloses, $"{SectionName}:OfficeOpens must be before {SectionName}:OfficeCloses.")
            .ValidateOnStart();
        return bot.UseRouter(services => ForwardingRouter.Create(
            services.GetRequiredService<IOptions<ForwardingSettings>>().Value.ToOptions(),
            services.GetService<TimeProvider>()));
    }
}

/// <summary>The <c>ForwardingBot</c> section of appsettings.json: user ids are Entra object ids, numbers E.164.</summary>
public sealed class ForwardingSettings
{
    public List<string> BlockedCallers { get; set; } = [];

    public List<string> VipCallers { get; set; } = [];

    [Required]
    public string? AssistantUserId { get; set; }

    /// <summary>Phone callers are redirected to this number when set (for example +14255550199).</summary>
    [RegularExpression(@"^\+[1-9][0-9]{6,14}$", ErrorMessage = "ForwardingBot:PhoneCallersTo must be an E.164 number such as +14255550199.")]
    public string? PhoneCallersTo { get; set; }

    /// <summary>Who rings at the same time during office hours: 1 to 25 user ids.</summary>
    [Required, MinLength(1), MaxLength(25)]
    public List<string> TeamUserIds { get; set; } = [];

    [Range(typeof(TimeSpan), "00:00:15", "00:01:30")]
    public TimeSpan RingTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public TimeOnly OfficeOpens { get; set; } = new(8, 0);

    public TimeOnly OfficeCloses { get; set; } = new(18, 0);

    /// <summary>The office's time zone id (IANA or Windows). Default UTC.</summary>
    public string TimeZone { get; set; } = "UTC";

    [Required]
    public string? VoicemailOwnerUserId { get; set; }

    public bool TryFindTimeZone(out TimeZoneInfo? zone) => TimeZoneInfo.TryFindSystemTimeZoneById(TimeZone, out zone);

    public ForwardingOptions ToOptions()
    {
        TryFindTimeZone(out var zone);
        return new ForwardingOptions
        {
            BlockedCallers = new HashSet<string>(BlockedCallers, StringComparer.OrdinalIgnoreCase),
            VipCallers = new HashSet<string>(VipCallers, StringComparer.OrdinalIgnoreCase),
            Assistant = ParticipantIdentity.User(AssistantUserId!, "Assistant"),
            PhoneCallersTo = PhoneCallersTo is null ? null : ParticipantIdentity.Phone(PhoneCallersTo),
            Team = [.. TeamUserIds.Select(id => ParticipantIdentity.User(id))],
            RingTimeout = RingTimeout,
            OfficeOpens = OfficeOpens,
            OfficeCloses = OfficeCloses,
            TimeZone = zone ?? TimeZoneInfo.Utc,
            VoicemailOwner = ParticipantIdentity.User(VoicemailOwnerUserId!, "Voicemail"),
        };
    }
}
