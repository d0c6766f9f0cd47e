namespace CallingBot.Core.Meetings;

/// <summary>
/// Where a Teams meeting lives: its chat thread (chatInfo) and its organizer (organizerMeetingInfo).
/// </summary>
/// <param name="ThreadId">Chat thread, for example <c>19:meeting_abc@thread.v2</c>.</param>
/// <param name="MessageId">Message id within the thread; <c>0</c> for scheduled meetings.</param>
/// <param name="ReplyChainMessageId">For channel meetings: the channel message the meeting hangs off.</param>
public sealed record MeetingCoordinates(
    string ThreadId,
    string MessageId,
    string OrganizerId,
    string TenantId,
    string? ReplyChainMessageId = null);
