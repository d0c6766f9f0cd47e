using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>An outgoing call after the 201: meetings connect at once, callees follow their behaviour.</summary>
internal sealed class CallDialing(EmulatedCall call)
{
    /// <summary>Sends establishing, then rings <paramref name="targets"/> (<see cref="CalleeRinging"/>); the call ends if none answers.</summary>
    public void Progress(IReadOnlyList<CalleeTarget> targets)
    {
        var ringing = call.Update(locked =>
        {
            if (locked.State != EmulatedCallState.Establishing)
            {
                return false;
            }

            locked.NotifyState();
            if (locked.Record.Kind is CallKind.Meeting or CallKind.ChannelMeeting)
            {
                locked.Roster.PendingJoins = 0;
                Connect(locked);
                return false;
            }

            return true;
        });
        if (!ringing)
        {
            return;
        }

        CalleeRinging.Ring(call, targets, (locked, batch) =>
        {
            foreach (var (target, participant) in batch.Joined)
            {
                if (target.Behavior.Response == CalleeResponse.Voicemail)
                {
                    var answeredBy = CallResource.ParticipantInfo(target.Identity, participant.Id);
                    answeredBy["endpointType"] = "voicemail";
                    locked.Record.AnsweredBy = answeredBy;
                }
            }

            if (batch.Joined.Count > 0)
            {
                if (locked.State == EmulatedCallState.Establishing)
                {
                    Connect(locked);
                }
                else
                {
                    locked.NotifyRoster(batch.JoinedParticipants);
                }
            }

            if (batch.AllResponded && batch.AnsweredSoFar == 0)
            {
                locked.RecordEvent("No callee answered.");
                locked.Terminate(batch.LastRefusal ?? ResultCodes.CalleeNoAnswer(), "calleeDidNotAnswer");
            }
        });
    }

    /// <summary>Sends established and the roster.</summary>
    private static void Connect(LockedCall locked)
    {
        locked.Record.ActiveModalities = [.. locked.Record.RequestedModalities];
        locked.MoveToAndNotify(EmulatedCallState.Established);
        locked.NotifyRoster();
    }
}
