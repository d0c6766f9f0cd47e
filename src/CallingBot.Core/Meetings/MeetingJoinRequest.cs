using CallingBot.Core.Calls;

namespace CallingBot.Core.Meetings;

/// <summary>Join an online meeting, either by its coordinates or by join meeting id and passcode.</summary>
public sealed record MeetingJoinRequest
{
    /// <summary>Most digits of a join meeting id.</summary>
    public const int MaxJoinMeetingIdLength = 32;

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

        if (JoinMeetingId is { Length: > 0 } id && !IsJoinMeetingId(id))
        {
            throw new ArgumentException($"A join meeting id is made of digits only (at most {MaxJoinMeetingIdLength}).", nameof(JoinMeetingId));
        }
    }

    /// <summary>True when <paramref name="id"/> is 1 to <see cref="MaxJoinMeetingIdLength"/> ASCII digits.</summary>
    public static bool IsJoinMeetingId(string id) =>
        id is { Length: > 0 and <= MaxJoinMeetingIdLength } && id.All(char.IsAsciiDigit);
}
