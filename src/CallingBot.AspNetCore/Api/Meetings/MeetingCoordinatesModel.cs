namespace CallingBot.AspNetCore.Api.Meetings;

/// <summary>Raw meeting coordinates: the chat thread (chatInfo) and the organizer (organizerMeetingInfo).</summary>
internal sealed class MeetingCoordinatesModel
{
    public string? ThreadId { get; set; }

    /// <summary><c>0</c> for scheduled meetings (the default).</summary>
    public string? MessageId { get; set; }

    public string? OrganizerId { get; set; }

    public string? TenantId { get; set; }

    /// <summary>For channel meetings: the channel message the meeting hangs off.</summary>
    public string? ReplyChainMessageId { get; set; }
}
