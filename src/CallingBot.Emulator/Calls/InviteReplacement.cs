namespace CallingBot.Emulator.Calls;

/// <summary>
/// What an invite with <c>replacesCallId</c> replaces once the invitee has joined: the participant
/// <see cref="SourceParticipantId"/> leaves <see cref="Call"/> (a participant moved from another meeting), or, without
/// one, the replaced (peer-to-peer) call ends, as the invite and invitationParticipantInfo reference pages describe.
/// </summary>
internal sealed record InviteReplacement(EmulatedCall Call, string? SourceParticipantId)
{
    public void Complete() => Call.Update(locked =>
    {
        if (locked.IsTerminated)
        {
            return;
        }

        if (SourceParticipantId is not null && locked.Roster.Find(SourceParticipantId) is { IsBot: false } moved)
        {
            locked.Roster.Participants.Remove(moved);
            locked.RecordEvent($"Participant {moved.Id} moved to another call by an invite.");
            locked.NotifyRoster([], [moved]);
            return;
        }

        locked.RecordEvent("The call was replaced by an invite into another call.");
        locked.Terminate(ResultCodes.ReplacedByInvite(), "replaced");
    });
}
