using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>Fills chatInfo/meetingInfo and adds the meeting's organizer and attendees as participants.</summary>
    private void ApplyMeeting(EmulatedCall call, EmulatedMeeting meeting, string tenantId)
    {
        call.MeetingThreadId = meeting.ThreadId;
        call.ChatInfo = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.chatInfo",
            ["threadId"] = meeting.ThreadId,
            ["messageId"] = meeting.MessageId,
            ["replyChainMessageId"] = meeting.IsChannelMeeting ? meeting.MessageId : null,
        };
        var organizer = new IdentityRef("user", meeting.OrganizerId, meeting.OrganizerDisplayName, meeting.TenantId ?? tenantId);
        call.MeetingInfo = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.organizerMeetingInfo",
            ["organizer"] = organizer.ToIdentitySet(),
            ["allowConversationWithoutHost"] = true,
        };
        var present = new HashSet<string>(call.Participants.Select(p => p.Identity.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var userId in meeting.Attendees.Prepend(meeting.OrganizerId))
        {
            if (!present.Add(userId))
            {
                continue;
            }

            var user = _directory.FindUser(userId);
            var identity = string.Equals(userId, meeting.OrganizerId, StringComparison.OrdinalIgnoreCase)
                ? organizer
                : new IdentityRef("user", userId, user?.DisplayName ?? "Attendee", user?.TenantId ?? tenantId);
            AddParticipant(call, identity, behavior: user?.Behavior);
        }
    }
}
