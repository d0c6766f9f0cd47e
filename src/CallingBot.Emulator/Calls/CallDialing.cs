using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;

namespace CallingBot.Emulator.Calls;

/// <summary>An outgoing call after the 201: meetings connect at once, callees follow their behaviour.</summary>
internal sealed class CallDialing(EmulatedCall call)
{
    /// <summary>
    /// Sends establishing, then rings <paramref name="targets"/>. Callees that respond at the same moment are handled
    /// together: one roster update names all who joined, so a group call's roster work grows with its participants, not
    /// with their square.
    /// </summary>
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

        // Only touched by the scheduled callbacks, which run under the call's lock.
        var pending = targets.Count;
        var answered = 0;
        JsonObject? lastFailure = null;
        foreach (var batch in targets.GroupBy(t => call.Environment.ResponseDelay(t.Behavior)))
        {
            var callees = batch.ToList();
            call.Schedule(batch.Key, locked =>
            {
                var joined = new List<EmulatedParticipant>(callees.Count);
                foreach (var target in callees)
                {
                    pending--;
                    locked.Roster.PendingJoins--;
                    var behavior = target.Behavior;
                    switch (behavior.Response)
                    {
                        case CalleeResponse.Answer:
                        case CalleeResponse.Voicemail:
                            answered++;
                            var participant = locked.Roster.Add(target.Identity, behavior: behavior, modalities: locked.Record.RequestedModalities);
                            joined.Add(participant);
                            if (behavior.Response == CalleeResponse.Voicemail)
                            {
                                var answeredBy = CallResource.ParticipantInfo(target.Identity, participant.Id);
                                answeredBy["endpointType"] = "voicemail";
                                locked.Record.AnsweredBy = answeredBy;
                            }

                            break;
                        case CalleeResponse.Decline:
                            lastFailure = ResultCodes.CalleeDeclined();
                            break;
                        case CalleeResponse.Busy:
                            lastFailure = ResultCodes.CalleeBusy();
                            break;
                        default:
                            lastFailure = ResultCodes.CalleeNoAnswer();
                            break;
                    }
                }

                if (joined.Count > 0)
                {
                    if (locked.State == EmulatedCallState.Establishing)
                    {
                        Connect(locked);
                    }
                    else
                    {
                        locked.NotifyRoster(joined);
                    }
                }

                if (pending == 0 && answered == 0)
                {
                    locked.RecordEvent("No callee answered.");
                    locked.Terminate(lastFailure ?? ResultCodes.CalleeNoAnswer(), "calleeDidNotAnswer");
                }
            });
        }
    }

    /// <summary>Sends established and the roster.</summary>
    private static void Connect(LockedCall locked)
    {
        locked.Record.ActiveModalities = [.. locked.Record.RequestedModalities];
        locked.MoveToAndNotify(EmulatedCallState.Established);
        locked.NotifyRoster();
    }
}
