using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// One call as seen from inside its lock: the only way to its <see cref="CallRecord"/>, its state and its timers. An
/// instance is handed out only by <see cref="EmulatedCall.Update{T}"/> and <see cref="EmulatedCall.Read{T}"/>, for the
/// time the lock is held. Work done here that concerns the outside (notifications, change events, the end of the call,
/// follow-up work) is only collected as <see cref="CallEffects"/>; the call acts on it after releasing the lock.
/// </summary>
internal sealed class LockedCall
{
    private readonly EmulatedCall _owner;
    private readonly CallEnvironment _environment;
    private readonly CallOutbox _outbox;
    private readonly List<ITimer> _scheduled = [];
    private ITimer? _answerTimer;
    private ITimer? _idleTimer;
    private bool _notified;
    private bool _changed;
    private JsonObject? _endedWith;
    private List<Action>? _after;
    private EmulatedCallState _terminatingFrom;

    public LockedCall(EmulatedCall owner, CallRecord record, EmulatedCallState state, CallEnvironment environment, CallOutbox outbox)
    {
        _owner = owner;
        Record = record;
        State = state;
        _environment = environment;
        _outbox = outbox;
    }

    public CallRecord Record { get; }

    public EmulatedCallState State { get; private set; }

    public bool IsTerminated => State == EmulatedCallState.Terminated;

    public CallRoster Roster => Record.Roster;

    public DateTimeOffset Now => _environment.Time.GetUtcNow();

    /// <summary>Refuses (409) an operation a request asks for in another state than <paramref name="state"/>.</summary>
    public void Require(string operation, EmulatedCallState state)
    {
        if (State != state)
        {
            throw GraphRequestException.Conflict($"Call '{Record.Id}' is in state '{State.WireName()}'; '{operation}' needs state '{state.WireName()}'.");
        }
    }

    /// <summary>Moves to <paramref name="next"/>; throws <see cref="InvalidCallTransitionException"/> for a move <see cref="CallTransitions"/> does not allow.</summary>
    public void MoveTo(EmulatedCallState next)
    {
        if (!CallTransitions.IsAllowed(State, next))
        {
            throw new InvalidCallTransitionException(Record.Id, State, next);
        }

        if (next == EmulatedCallState.Terminating)
        {
            _terminatingFrom = State;
        }

        State = next;
        MarkChanged();
    }

    /// <summary>Moves to <paramref name="next"/> and sends the <c>updated</c> state notification.</summary>
    public void MoveToAndNotify(EmulatedCallState next)
    {
        MoveTo(next);
        NotifyState();
    }

    /// <summary>Sends an <c>updated</c> call notification with the current state.</summary>
    public void NotifyState()
    {
        Record.Etag++;
        Notify(NotificationFactory.Updated, CallResource.Path(Record.Id), CallResource.StateUpdate(this));
    }

    /// <summary>
    /// Queues a notification to the call's callback URI and records it on the timeline. With <paramref name="onResponse"/>
    /// the bot answers it in the response body, and it is never duplicated.
    /// </summary>
    public void Notify(string changeType, string resourceUrl, JsonNode? resourceData, string? description = null, Action<DeliveryResult>? onResponse = null)
    {
        var text = NotificationFactory.Envelope(changeType, resourceUrl, resourceData).ToJsonString();
        description ??= $"{changeType} {resourceUrl}" + (resourceData is JsonObject { } data && data["state"] is JsonValue state ? $" ({state})" : "");
        var entry = Record.AddTimeline(TimelineEntryKind.Notification, Now, "POST", Record.CallbackUri.ToString(), body: text, description: description);
        var chaos = Record.Chaos;
        _outbox.Add(new OutgoingNotification(Record.CallbackUri, Record.AppId, Record.TenantId, Encoding.UTF8.GetBytes(text), entry, chaos.DeliveryDelay, onResponse is null && chaos.DuplicateDelivery, onResponse, chaos.Faults.DeliveryFailureProbability > 0 ? chaos.Faults.Injector : null));
        _notified = true;
        MarkChanged();
    }

    /// <summary>Sends the roster: the whole list, or (with delta roster) only <paramref name="changed"/> and <paramref name="removed"/>.</summary>
    public void NotifyRoster(IReadOnlyCollection<EmulatedParticipant>? changed = null, IReadOnlyCollection<EmulatedParticipant>? removed = null) =>
        Notify(NotificationFactory.Updated, CallResource.Path(Record.Id) + "/participants", Roster.Update(Record.DeltaRoster, changed, removed));

    /// <summary>Sends a commsOperation notification (<c>deleted</c> on the operation's resource).</summary>
    public void NotifyOperation(JsonObject operation) =>
        Notify(NotificationFactory.Deleted, $"{CallResource.Path(Record.Id)}/operations/{operation["id"]!.GetValue<string>()}", operation.DeepClone());

    /// <summary>Records an event (remote action, timeout) on the call's timeline.</summary>
    public void RecordEvent(string description) => Record.AddTimeline(TimelineEntryKind.Event, Now, description: description);

    /// <summary>Announces a change to waiters and subscribers once the lock is released.</summary>
    public void MarkChanged() => _changed = true;

    /// <summary>Runs <paramref name="action"/> after the lock is released (work on another call, placing a new call).</summary>
    public void AfterUnlock(Action action) => (_after ??= []).Add(action);

    /// <summary>Ends the call and sends the <c>deleted</c> notification; does nothing if it has ended already.</summary>
    public void Terminate(JsonObject resultInfo, string? reason = null)
    {
        if (IsTerminated)
        {
            return;
        }

        // A connected call goes through terminating first, as Graph notifies it (Delete call reference page); an
        // unanswered call, a redirect and an accepted transfer go straight to deleted.
        var from = State == EmulatedCallState.Terminating ? _terminatingFrom : State;
        if (from is EmulatedCallState.Establishing or EmulatedCallState.Established or EmulatedCallState.Transferring)
        {
            if (State != EmulatedCallState.Terminating)
            {
                MoveTo(EmulatedCallState.Terminating);
            }

            NotifyState();
        }

        MoveTo(EmulatedCallState.Terminated);
        Record.ResultInfo = resultInfo;
        Record.TerminationReason = reason;
        Record.EndedAt = Now;
        Record.Etag++;
        StopTimers();
        Notify(NotificationFactory.Deleted, CallResource.Path(Record.Id), CallResource.Full(this));
        _endedWith = resultInfo;
    }

    /// <summary>Arms the answer deadline of an incoming call.</summary>
    public void ArmAnswerTimer(TimeSpan timeout, Action expired) =>
        _answerTimer = _environment.Time.CreateTimer(_ => expired(), null, timeout, Timeout.InfiniteTimeSpan);

    public void CancelAnswerTimer()
    {
        _answerTimer?.Dispose();
        _answerTimer = null;
    }

    /// <summary>Arms the idle timeout: the call ends after <see cref="EmulatorOptions.IdleCallTimeout"/> without a request.</summary>
    public void ArmIdleTimer(Action expired) =>
        _idleTimer = _environment.Time.CreateTimer(_ => expired(), null, _environment.Options.IdleCallTimeout, Timeout.InfiniteTimeSpan);

    public void RestartIdleTimer()
    {
        if (!IsTerminated)
        {
            _idleTimer?.Change(_environment.Options.IdleCallTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>Runs <paramref name="action"/> inside the lock after <paramref name="delay"/> on the emulator clock, unless the call has ended by then.</summary>
    public void ScheduleAfter(TimeSpan delay, Action<LockedCall> action)
    {
        ITimer? timer = null;
        timer = _environment.Time.CreateTimer(_ => _owner.Update(call => call.RunScheduled(timer, action)), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _scheduled.Add(timer);
        timer.Change(delay, Timeout.InfiniteTimeSpan);
    }

    public void StopTimers()
    {
        CancelAnswerTimer();
        _idleTimer?.Dispose();
        _idleTimer = null;
        foreach (var timer in _scheduled)
        {
            timer.Dispose();
        }

        _scheduled.Clear();
    }

    /// <summary>Hands over what has been collected since the last call and starts afresh.</summary>
    public CallEffects TakeEffects()
    {
        var effects = new CallEffects(_notified, _changed, _endedWith, _after);
        _notified = false;
        _changed = false;
        _endedWith = null;
        _after = null;
        return effects;
    }

    private void RunScheduled(ITimer? timer, Action<LockedCall> action)
    {
        if (timer is not null)
        {
            _scheduled.Remove(timer);
            timer.Dispose();
        }

        if (!IsTerminated && !_environment.IsStopped)
        {
            action(this);
        }
    }
}
