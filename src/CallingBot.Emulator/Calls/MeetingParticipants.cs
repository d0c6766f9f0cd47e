using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>Puts a meeting into a new call: its chatInfo and meetingInfo, and its organizer and attendees as participants.</summary>
internal static class MeetingParticipants
{
    public static void Apply(CallRecord call, EmulatedMeeting meeting, string tenantId, DirectoryService directory)
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
        var present = new HashSet<string>(call.Roster.Participants.Select(p => p.Identity.Id), StringComparer.OrdinalIgnoreCase);
        foreach (var userId in meeting.Attendees.Prepend(meeting.OrganizerId))
        {
            if (!present.Add(userId))
            {
                continue;
            }

            var user = directory.FindUser(userId);
            var identity = string.Equals(userId, meeting.OrganizerId, StringComparison.OrdinalIgnoreCase)
                ? organizer
                : new IdentityRef("user", userId, user?.DisplayName ?? "Attendee", user?.TenantId ?? tenantId);
            var participant = call.Roster.Add(identity, behavior: user?.Behavior);
            if (ReferenceEquals(identity, organizer))
            {
                participant.MeetingRole = "presenter";
            }
        }
    }
}
