using System.Diagnostics;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// One emulated call: a state machine that owns its lock. Every operation on the call takes the lock through
/// <see cref="Update{T}"/>, works on the <see cref="LockedCall"/> (where state moves are checked against
/// <see cref="CallTransitions"/>), and leaves what concerns the outside as <see cref="CallEffects"/>. Once the lock is
/// released the call posts its outbox to the dispatcher, wakes waiters, raises <see cref="Ended"/>, runs follow-up work
/// and raises <see cref="Changed"/>, so subscribers may call back into the call (or any other) freely.
/// The operations are grouped by feature: <see cref="Answering"/>, <see cref="Dialing"/>, <see cref="Media"/>,
/// <see cref="Participants"/>, <see cref="Transfer"/>, <see cref="Remote"/> and <see cref="PolicyGroup"/>.
/// </summary>
internal sealed class EmulatedCall
{
    private readonly Lock _gate = new();
    private readonly CallRecord _record;
    private readonly LockedCall _locked;
    private readonly CallEnvironment _environment;
    private readonly CallOutbox _outbox;
    private TaskCompletionSource _nextChange = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _unraisedChanges;
    private int _raising;

    public EmulatedCall(CallRecord record, EmulatedCallState initialState, CallEnvironment environment)
    {
        _record = record;
        _environment = environment;
        _outbox = new CallOutbox(record.Id, record.CallChainId, OnDelivered);
        _locked = new LockedCall(this, record, initialState, environment, _outbox);
        Answering = new CallAnswering(this);
        Dialing = new CallDialing(this);
        Media = new CallMediaOperations(this);
        Participants = new CallParticipants(this);
        Transfer = new CallTransfer(this);
        Remote = new CallRemoteParty(this);
        PolicyGroup = new PolicyGroupJoining(this);
    }

    /// <summary>Raised after a change, outside the lock; one raise at a time per call, so a subscriber that changes the call is called again afterwards, not from within itself. Several changes may be announced by one raise.</summary>
    public event Action<EmulatedCall>? Changed;

    /// <summary>Raised once, outside the lock, when the call has ended.</summary>
    public event Action<EmulatedCall>? Ended;

    public string Id => _record.Id;

    public string AppId => _record.AppId;

    public string TenantId => _record.TenantId;

    public string Direction => _record.Direction;

    public CallKind Kind => _record.Kind;

    public DateTimeOffset CreatedAt => _record.CreatedAt;

    /// <summary>The call's chaos, fixed when it was placed or created.</summary>
    public ChaosOptions Chaos => _record.Chaos;

    public string? PolicyGroupId => _record.PolicyGroupId;

    public bool IsPolicyRecording => _record.IsPolicyRecording;

    public EmulatedCallState State => Read(call => call.State);

    public bool IsTerminated => State == EmulatedCallState.Terminated;

    /// <summary>Completes at the call's next change (new state, notification, request, delivery); awaiters then re-check their condition.</summary>
    public Task NextChange => Volatile.Read(ref _nextChange).Task;

    public CallAnswering Answering { get; }

    public CallDialing Dialing { get; }

    public CallMediaOperations Media { get; }

    public CallParticipants Participants { get; }

    public CallTransfer Transfer { get; }

    public CallRemoteParty Remote { get; }

    public PolicyGroupJoining PolicyGroup { get; }

    internal CallEnvironment Environment => _environment;

    /// <summary>Runs <paramref name="change"/> under the call's lock, then acts on what it left (outside the lock), even if it threw.</summary>
    public T Update<T>(Func<LockedCall, T> change)
    {
        if (_gate.IsHeldByCurrentThread)
        {
            // Effects of the outer update would be acted on while its lock is still held.
            throw new InvalidOperationException($"Call '{Id}' was updated from inside its own lock.");
        }

        var effects = default(CallEffects);
        try
        {
            lock (_gate)
            {
                try
                {
                    return change(_locked);
                }
                finally
                {
                    effects = _locked.TakeEffects();
                }
            }
        }
        finally
        {
            Apply(effects);
        }
    }

    public void Update(Action<LockedCall> change) => Update(call =>
    {
        change(call);
        return true;
    });

    /// <summary>Reads under the call's lock; <paramref name="read"/> must not change the call.</summary>
    public T Read<T>(Func<LockedCall, T> read)
    {
        lock (_gate)
        {
            var result = read(_locked);
            Debug.Assert(_locked.TakeEffects().IsEmpty, "A read changed the call.");
            return result;
        }
    }

    /// <summary>Runs <paramref name="action"/> under the lock after <paramref name="delay"/> on the emulator clock (at once when zero), unless the call has ended.</summary>
    public void Schedule(TimeSpan delay, Action<LockedCall> action) => Update(call =>
    {
        if (call.IsTerminated)
        {
            return;
        }

        if (delay <= TimeSpan.Zero)
        {
            action(call);
        }
        else
        {
            call.ScheduleAfter(delay, action);
        }
    });

    public CallSnapshot Snapshot() => Read(CallSnapshots.Of);

    public TimelineSnapshot Timeline() => Read(call => new TimelineSnapshot(call.Record.Timeline.Copy(), call.Record.Timeline.Dropped));

    public bool HasParticipant(string participantId) => Read(call => call.Roster.Find(participantId) is not null);

    /// <summary>What the media stream of the call needs to know, read at one moment.</summary>
    public CallMediaView MediaView() => Read(CallMediaView.Of);

    /// <summary>Records an incoming Graph request on the timeline and restarts the idle timer.</summary>
    public void RecordRequest(string method, string path, int status, string? body, string? responseBody) => Update(call =>
    {
        call.Record.LastRequestAt = call.Now;
        call.Record.AddTimeline(TimelineEntryKind.Request, call.Record.LastRequestAt, method, path, status, body, responseBody);
        call.RestartIdleTimer();
        call.MarkChanged();
    });

    /// <summary>Records on the timeline a fault injected into a request or a delivery.</summary>
    public void RecordFault(string description) => Update(call =>
    {
        call.RecordEvent(description);
        call.MarkChanged();
    });

    /// <summary>The bot hangs up (DELETE): the call is terminating until the response has been written.</summary>
    public void BeginHangUp() => Update(call =>
    {
        if (call.IsTerminated)
        {
            throw GraphRequestException.NotFound($"Call '{Id}' was not found; it has ended.");
        }

        call.CancelAnswerTimer();
        if (call.State != EmulatedCallState.Terminating)
        {
            call.MoveTo(EmulatedCallState.Terminating);
        }
    });

    /// <summary>Ends the call the bot hung up.</summary>
    public void FinishHangUp() => Update(call => call.Terminate(ResultCodes.ApplicationHungUp(), "applicationHangUp"));

    /// <summary>Stops the call's timers (the emulator stops).</summary>
    public void StopTimers()
    {
        lock (_gate)
        {
            _locked.StopTimers();
        }
    }

    /// <summary>The idle timeout expired: the call ends unless it has already.</summary>
    internal void OnIdle() => Update(call =>
    {
        if (call.IsTerminated || _environment.IsStopped)
        {
            return;
        }

        call.RecordEvent($"No request for {_environment.Options.IdleCallTimeout}; the call ends.");
        call.Terminate(ResultCodes.IdleTimeout(_environment.Options.IdleCallTimeout), "idleTimeout");
    });

    /// <summary>A delivery of the call's outbox finished: its timeline entry gets the outcome and waiters wake.</summary>
    private void OnDelivered(OutgoingNotification notification, DeliveryResult result)
    {
        lock (_gate)
        {
            var entry = notification.Entry;
            entry.ResponseBody ??= result.ResponseBody;
            entry.Attempts += result.Attempts;
            entry.StatusCode = result.Status;
            entry.CompletedAt = _environment.Time.GetUtcNow();
        }

        WakeWaiters();
    }

    private void Apply(CallEffects effects)
    {
        if (effects.Notified)
        {
            _environment.Dispatcher.Post(_outbox);
        }

        if (effects.Changed)
        {
            WakeWaiters();
        }

        if (effects.EndedWith is { } resultInfo)
        {
            CallLog.CallEnded(_environment.Logger, Id, resultInfo["code"]?.GetValue<int>() ?? 0, resultInfo["message"]?.GetValue<string>() ?? "");
            Ended?.Invoke(this);
        }

        foreach (var action in effects.After ?? [])
        {
            action();
        }

        if (effects.Changed)
        {
            RaiseChanged();
        }
    }

    private void WakeWaiters()
    {
        var previous = Interlocked.Exchange(ref _nextChange, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        previous.TrySetResult();
    }

    /// <summary>
    /// Raises <see cref="Changed"/> until no change is left unannounced, on one thread at a time. A change made while
    /// another thread (or a subscriber on this one) is raising is announced by that thread's next round.
    /// </summary>
    private void RaiseChanged()
    {
        Interlocked.Increment(ref _unraisedChanges);
        while (Volatile.Read(ref _unraisedChanges) > 0 && Interlocked.CompareExchange(ref _raising, 1, 0) == 0)
        {
            try
            {
                while (Interlocked.Exchange(ref _unraisedChanges, 0) > 0)
                {
                    Changed?.Invoke(this);
                }
            }
            finally
            {
                Volatile.Write(ref _raising, 0);
            }
        }
    }
}
