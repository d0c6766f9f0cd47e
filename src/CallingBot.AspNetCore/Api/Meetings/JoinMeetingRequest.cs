namespace CallingBot.AspNetCore.Api.Meetings;

/// <summary>
/// Joins a Teams meeting given exactly one of: a join URL, a join meeting id (with its passcode), or raw coordinates.
/// </summary>
internal sealed class JoinMeetingRequest
{
    /// <summary>The meeting's join link, <c>https://teams.microsoft.com/l/meetup-join/…</c>.</summary>
    public string? JoinUrl { get; set; }

    /// <summary>The numeric meeting id shown in the invitation.</summary>
    public string? JoinMeetingId { get; set; }

    public string? Passcode { get; set; }

    public MeetingCoordinatesModel? Coordinates { get; set; }

    public string? TenantId { get; set; }

    /// <summary>Join as a guest with this display name instead of as the bot itself.</summary>
    public string? GuestDisplayName { get; set; }

    /// <summary><c>serviceHosted</c> (default) or <c>appHosted</c>.</summary>
    public string? Media { get; set; }

    /// <summary>Name of the handler that runs the call, resolved by the registered outbound handler factory; default <c>default</c>.</summary>
    public string? Handler { get; set; }
}
