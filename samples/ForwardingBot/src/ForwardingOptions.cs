using CallingBot.Core.Calls;

namespace ForwardingBot;

/// <summary>Who gets which calls.</summary>
public sealed record ForwardingOptions
{
    /// <summary>Callers (user ids or E.164 numbers) the bot rejects as forbidden.</summary>
    public IReadOnlySet<string> BlockedCallers { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Callers who always go straight to <see cref="Assistant"/>.</summary>
    public IReadOnlySet<string> VipCallers { get; init; } = new HashSet<string>(StringComparer.OrdinalIgnoreCase);

    public required ParticipantIdentity Assistant { get; init; }

    /// <summary>Callers from the phone network are forwarded to this number (a PSTN redirect), when set.</summary>
    public ParticipantIdentity? PhoneCallersTo { get; init; }

    /// <summary>During office hours these people ring at the same time; the first to answer takes the call.</summary>
    public required IReadOnlyList<ParticipantIdentity> Team { get; init; }

    /// <summary>How long the team rings (15 to 90 s). Default 30 s.</summary>
    public TimeSpan RingTimeout { get; init; } = TimeSpan.FromSeconds(30);

    public TimeOnly OfficeOpens { get; init; } = new(8, 0);

    public TimeOnly OfficeCloses { get; init; } = new(18, 0);

    /// <summary>Time zone of the office hours. Default UTC.</summary>
    public TimeZoneInfo TimeZone { get; init; } = TimeZoneInfo.Utc;

    /// <summary>Outside office hours calls go to this user's voicemail.</summary>
    public required ParticipantIdentity VoicemailOwner { get; init; }
}
