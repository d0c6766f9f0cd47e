using CallingBot.Core.Calls;

namespace CallingBot.Core.Meetings;

/// <summary>Join an online meeting, either by its coordinates or by join meeting id and passcode.</summary>
public sealed record MeetingJoinRequest
{
    public MeetingCoordinates? Coordinates { get; init; }

    public string? JoinMeetingId { get; init; }

    public string? Passcode { get; init; }

    public string? TenantId { get; init; }

    /// <summary>When set, the bot joins as a guest with this display name instead of as itself.</summary>
    public string? GuestDisplayName { get; init; }

    public MediaHosting Media { get; init; } = MediaHosting.ServiceHosted;

    public void Validate()
    {
        if (Coordinates is null && string.IsNullOrWhiteSpace(JoinMeetingId))
        {
            throw new ArgumentException("Either the meeting coordinates (join URL) or a join meeting id is required.", nameof(JoinMeetingId));
        }

        if (Coordinates is not null && !string.IsNullOrWhiteSpace(JoinMeetingId))
        {
            throw new ArgumentException("Give the meeting coordinates or a join meeting id, not both.", nameof(JoinMeetingId));
        }

        if (JoinMeetingId is { } id && (id.Length > 32 || !id.All(char.IsAsciiDigit)))
        {
            throw new ArgumentException("A join meeting id is made of digits only (at most 32).", nameof(JoinMeetingId));
        }
    }
}
