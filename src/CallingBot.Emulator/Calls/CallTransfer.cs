using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// Blind and consultative transfer: the call is transferring while the target rings; if the target takes it the call
/// (and the call it replaces) ends, otherwise it returns to established.
/// </summary>
internal sealed class CallTransfer(EmulatedCall call)
{
    /// <summary>The bot asks for a transfer (POST transfer): the call is transferring until <see cref="Ring"/> runs after the response.</summary>
    public void Begin(bool hasTransferee) => call.Update(locked =>
    {
        locked.Require("transfer", EmulatedCallState.Established);
        if (locked.Record.Kind is CallKind.Meeting or CallKind.ChannelMeeting or CallKind.Group && !hasTransferee)
        {
            throw GraphRequestException.BadRequest("Invalid request: 'transferee' is required to transfer a participant out of a group call or meeting.");
        }

        locked.MoveTo(EmulatedCallState.Transferring);
    });

    /// <summary>Notifies transferring and rings <paramref name="target"/>; <paramref name="replaced"/> is the call a consultative transfer replaces.</summary>
    public void Ring(CalleeTarget target, EmulatedCall? replaced)
    {
        call.Update(locked =>
        {
            if (locked.State == EmulatedCallState.Transferring)
            {
                locked.NotifyState();
            }
        });

        var behavior = target.Behavior;
        if (behavior.Response == CalleeResponse.Browser)
        {
            call.Schedule(TimeSpan.Zero, locked => call.Environment.Ringing.Start(call, locked, target, "transferTarget", Respond));
        }
        else
        {
            call.Schedule(call.Environment.ResponseDelay(behavior), locked => Respond(locked, behavior.Response));
        }

        void Respond(LockedCall locked, CalleeResponse response)
        {
            if (locked.State != EmulatedCallState.Transferring)
            {
                return;
            }

            if (response is CalleeResponse.Answer or CalleeResponse.Voicemail)
            {
                locked.MoveToAndNotify(EmulatedCallState.TransferAccepted);
                locked.RecordEvent($"Transfer to {target.Identity.Kind} {target.Identity.Id} accepted.");
                locked.Terminate(ResultCodes.Transferred(), "AppTransferred");
                if (replaced is not null)
                {
                    locked.AfterUnlock(() => replaced.Update(other => other.Terminate(ResultCodes.Transferred(), "AppTransferred")));
                }

                return;
            }

            locked.Record.ResultInfo = ResultCodes.TransferFailed(replaced is not null, response switch
            {
                CalleeResponse.Busy => "the target is busy.",
                CalleeResponse.Decline => "the target declined.",
                _ => "the target did not answer.",
            });
            locked.Record.ReplacesContext = replaced?.Id;
            locked.RecordEvent($"Transfer to {target.Identity.Id} failed; the call stays established.");
            locked.MoveToAndNotify(EmulatedCallState.Established);
            locked.Record.ReplacesContext = null;
            locked.Record.ResultInfo = null;
        }
    }
}
