using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>Finds the meeting a create call joins, by <c>organizerMeetingInfo</c> + <c>chatInfo</c> or by <c>joinMeetingIdMeetingInfo</c> (passcode checked).</summary>
internal sealed class MeetingResolver(CallRegistry registry)
{
    public EmulatedMeeting Resolve(JsonObject meetingInfo, JsonObject? chatInfo, string tenantId)
    {
        var type = Fields.ODataType(meetingInfo) ?? "";
        if (type.EndsWith("joinMeetingIdMeetingInfo", StringComparison.OrdinalIgnoreCase))
        {
            var joinId = Fields.String(meetingInfo, "joinMeetingId", "meetingInfo.joinMeetingId", required: true)!;
            var passcode = Fields.String(meetingInfo, "passcode", "meetingInfo.passcode");
            var known = registry.Directory.FindMeetingByJoinId(joinId);
            if (known is null)
            {
                return registry.Options.AcceptUnknownTargets
                    ? AdHocMeeting($"19:meeting_{joinId}@thread.v2", "0", null, tenantId, joinId)
                    : throw GraphRequestException.NotFound($"No meeting has joinMeetingId '{joinId}' (meetingInfo.joinMeetingId).");
            }

            if (known.Passcode is not null && !string.Equals(known.Passcode, passcode, StringComparison.Ordinal))
            {
                throw GraphRequestException.Forbidden("The passcode (meetingInfo.passcode) does not match the meeting.");
            }

            return known;
        }

        if (type.EndsWith("organizerMeetingInfo", StringComparison.OrdinalIgnoreCase) || (type.Length == 0 && meetingInfo["organizer"] is not null))
        {
            if (chatInfo is null)
            {
                throw GraphRequestException.BadRequest("Invalid request: 'chatInfo' is required when joining a meeting with organizerMeetingInfo.");
            }

            var threadId = Fields.String(chatInfo, "threadId", "chatInfo.threadId", required: true, maxLength: EmulatorLimits.MaxThreadIdLength)!;
            var organizer = IdentityRef.FromIdentitySet(Fields.Object(meetingInfo, "organizer", "meetingInfo.organizer", required: true, maxJsonLength: int.MaxValue), "meetingInfo.organizer")
                ?? throw GraphRequestException.BadRequest("Invalid request: 'meetingInfo.organizer' needs a user with an 'id'.");
            var known = registry.Directory.FindMeetingByThread(threadId);
            if (known is not null)
            {
                return known;
            }

            return registry.Options.AcceptUnknownTargets
                ? AdHocMeeting(threadId, Fields.String(chatInfo, "messageId", "chatInfo.messageId", maxLength: EmulatorLimits.MaxIdLength) ?? "0", organizer, tenantId, null)
                : throw GraphRequestException.NotFound($"No meeting has thread '{threadId}' (chatInfo.threadId).");
        }

        throw GraphRequestException.BadRequest($"Invalid request: 'meetingInfo.@odata.type' must be #microsoft.graph.organizerMeetingInfo or #microsoft.graph.joinMeetingIdMeetingInfo, not '{type}'.");
    }

    private static EmulatedMeeting AdHocMeeting(string threadId, string messageId, IdentityRef? organizer, string tenantId, string? joinId) => new()
    {
        ThreadId = threadId,
        MessageId = messageId,
        OrganizerId = organizer?.Id ?? Guid.NewGuid().ToString(),
        OrganizerDisplayName = organizer?.DisplayName ?? "Organizer",
        TenantId = organizer?.TenantId ?? tenantId,
        JoinMeetingId = joinId,
    };
}
