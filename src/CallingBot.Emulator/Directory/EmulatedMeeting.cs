namespace CallingBot.Emulator.Directory;

/// <summary>A scheduled Teams meeting (or channel meeting) the bot can join or be invited to.</summary>
public sealed class EmulatedMeeting
{
    public string? JoinWebUrl { get; set; }

    /// <summary>Chat thread of the meeting, e.g. <c>19:meeting_...@thread.v2</c> (channel meetings use <c>@thread.tacv2</c>).</summary>
    public string ThreadId { get; set; } = "";

    /// <summary>"0" for scheduled meetings; the reply chain message id for channel meetings.</summary>
    public string MessageId { get; set; } = "0";

    public string OrganizerId { get; set; } = "";

    public string OrganizerDisplayName { get; set; } = "Organizer";

    public string? TenantId { get; set; }

    /// <summary>Numeric meeting id for join by id.</summary>
    public string? JoinMeetingId { get; set; }

    public string? Passcode { get; set; }

    /// <summary>Users (ids from the directory or ad hoc) present when the bot joins.</summary>
    public List<string> Attendees { get; set; } = [];

    /// <summary>Every problem with this entry, naming the field.</summary>
    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(ThreadId))
        {
            yield return "'threadId' is required.";
        }

        // The organizer joins too, so attendees leave one place of the call's participant limit for them.
        if (Attendees.Count >= EmulatorLimits.MaxParticipantsPerCall)
        {
            yield return $"'attendees' has {Attendees.Count} entries; at most {EmulatorLimits.MaxParticipantsPerCall - 1} are accepted (the organizer is a participant too).";
        }

        var fields = new List<(string?, int, string)>
        {
            (JoinWebUrl, EmulatorLimits.MaxUriLength, "joinWebUrl"),
            (ThreadId, EmulatorLimits.MaxThreadIdLength, "threadId"),
            (MessageId, EmulatorLimits.MaxIdLength, "messageId"),
            (OrganizerId, EmulatorLimits.MaxIdLength, "organizerId"),
            (OrganizerDisplayName, EmulatorLimits.MaxDisplayNameLength, "organizerDisplayName"),
            (TenantId, EmulatorLimits.MaxIdLength, "tenantId"),
            (JoinMeetingId, EmulatorLimits.MaxTextLength, "joinMeetingId"),
            (Passcode, EmulatorLimits.MaxTextLength, "passcode"),
        };
        for (var i = 0; i < Math.Min(Attendees.Count, EmulatorLimits.MaxParticipantsPerCall); i++)
        {
            fields.Add((Attendees[i], EmulatorLimits.MaxIdLength, $"attendees[{i}]"));
        }

        foreach (var problem in DirectoryLimits.Check([.. fields]))
        {
            yield return problem;
        }
    }

    public bool IsChannelMeeting => ThreadId.EndsWith("@thread.tacv2", StringComparison.OrdinalIgnoreCase)
        || ThreadId.EndsWith("@thread.skype", StringComparison.OrdinalIgnoreCase);
}
