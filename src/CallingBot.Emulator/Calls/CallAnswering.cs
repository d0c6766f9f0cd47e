using System.Text.Json.Nodes;
using CallingBot.Emulator.Notifications;

namespace CallingBot.Emulator.Calls;

/// <summary>An incoming call until the bot answers, rejects or redirects it, or its answer deadline passes.</summary>
internal sealed class CallAnswering(EmulatedCall call)
{
    /// <summary>Offers the new call to the bot: the <c>created</c> notification and the answer deadline. Runs inside the lock while the call is registered.</summary>
    public void Offer(LockedCall locked, string description, TimeSpan timeout)
    {
        locked.RecordEvent(description);
        locked.Notify(NotificationFactory.Created, CallResource.Path(call.Id), CallResource.Full(locked));
        locked.ArmAnswerTimer(timeout, () => OnAnswerTimeout(timeout));
    }

    /// <summary>The bot answers (POST answer): the call is establishing until <see cref="Establish"/> runs after the response.</summary>
    public void Answer(AnswerSettings settings) => call.Update(locked =>
    {
        locked.Require("answer", EmulatedCallState.Incoming);
        locked.CancelAnswerTimer();
        var record = locked.Record;
        record.MediaConfig = settings.MediaConfig;
        record.ActiveModalities = settings.AcceptedModalities;
        record.CallOptions = settings.CallOptions?.DeepClone().AsObject();
        record.DeltaRoster = settings.DeltaRoster;
        record.ContentSharingNotifications = settings.ContentSharingNotifications;
        record.ParticipantCapacity = settings.ParticipantCapacity;
        if (settings.CallbackUri is not null)
        {
            record.CallbackUri = settings.CallbackUri;
        }

        if (locked.Roster.Bot is { } bot)
        {
            bot.Modalities = settings.AcceptedModalities.Where(m => m != "data").ToList();
        }

        locked.MoveTo(EmulatedCallState.Establishing);
    });

    /// <summary>Sends establishing and established (in chaos order) and then the roster.</summary>
    public void Establish() => call.Update(locked =>
    {
        if (locked.State != EmulatedCallState.Establishing)
        {
            return;
        }

        if (locked.Record.Chaos.ReorderEstablishing)
        {
            locked.MoveToAndNotify(EmulatedCallState.Established);
            locked.Record.Etag++;
            var establishing = CallResource.StateUpdate(locked);
            establishing["state"] = CallStates.Establishing;
            locked.Notify(NotificationFactory.Updated, CallResource.Path(call.Id), establishing);
        }
        else
        {
            locked.NotifyState();
            locked.MoveToAndNotify(EmulatedCallState.Established);
        }

        locked.NotifyRoster();
    });

    /// <summary>The bot rejects (POST reject): the call is terminating until <see cref="FinishReject"/> runs after the response.</summary>
    public void Reject(Uri? callbackUri) => call.Update(locked =>
    {
        locked.Require("reject", EmulatedCallState.Incoming);
        locked.CancelAnswerTimer();
        if (callbackUri is not null)
        {
            locked.Record.CallbackUri = callbackUri;
        }

        locked.MoveTo(EmulatedCallState.Terminating);
    });

    public void FinishReject(string reason) => call.Update(locked => locked.Terminate(ResultCodes.Rejected(reason), "rejected"));

    /// <summary>The bot redirects (POST redirect): the call is redirecting until <see cref="FinishRedirect"/> runs after the response.</summary>
    public void Redirect(Uri? callbackUri, IReadOnlyList<string>? routingPolicies, int? ringingTimeoutInSeconds) => call.Update(locked =>
    {
        locked.Require("redirect", EmulatedCallState.Incoming);
        locked.CancelAnswerTimer();
        var record = locked.Record;
        if (callbackUri is not null)
        {
            record.CallbackUri = callbackUri;
        }

        if (routingPolicies is not null)
        {
            record.RoutingPolicies = [.. routingPolicies.Select(p => (JsonNode?)p)];
        }

        record.RingingTimeoutInSeconds = ringingTimeoutInSeconds;
        locked.MoveTo(EmulatedCallState.Redirecting);
    });

    /// <summary>The redirected call ends; <paramref name="targets"/> says where it went.</summary>
    public void FinishRedirect(string targets) => call.Update(locked =>
    {
        locked.RecordEvent($"Redirected to {targets}.");
        locked.Terminate(ResultCodes.Redirected(), "redirected");
    });

    private void OnAnswerTimeout(TimeSpan timeout)
    {
        var expired = call.Update(locked =>
        {
            if (locked.State != EmulatedCallState.Incoming || call.Environment.IsStopped)
            {
                return false;
            }

            locked.RecordEvent($"Not answered within {timeout.TotalSeconds:0} s; the call is dropped.");
            locked.Terminate(ResultCodes.AnswerTimeout(timeout), "answerTimeout");
            return true;
        });
        if (expired)
        {
            CallLog.AnswerTimedOut(call.Environment.Logger, call.Id, timeout);
        }
    }
}
