using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// The emulated calling service: call state machines, timers and the notifications they produce.
/// Each call is guarded by its own lock; notifications are queued per call and delivered in order.
/// </summary>
internal sealed partial class CallEngine : IDisposable
{
    private readonly ConcurrentDictionary<string, EmulatedCall> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _endedCalls = new();
    private readonly EmulatorOptions _options;
    private readonly TimeProvider _time;
    private readonly NotificationDispatcher _dispatcher;
    private readonly ApplicationRegistry _apps;
    private readonly DirectoryService _directory;
    private readonly ILogger _logger;
    private readonly object _callsChangedGate = new();
    private TaskCompletionSource _callsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private bool _disposed;

    public CallEngine(EmulatorOptions options, TimeProvider time, NotificationDispatcher dispatcher, ApplicationRegistry apps, DirectoryService directory, ILogger<CallEngine> logger)
    {
        _options = options;
        _time = time;
        _dispatcher = dispatcher;
        _apps = apps;
        _directory = directory;
        _logger = logger;
    }

    /// <summary>Chaos applied to calls that do not specify their own.</summary>
    public ChaosOptions DefaultChaos { get; set; } = new();

    /// <summary>Base URL of the emulator (https), used for recording locations.</summary>
    public Uri PublicBaseAddress { get; set; } = new("https://127.0.0.1/");

    public IEnumerable<EmulatedCall> Calls => _calls.Values;

    public EmulatedCall? Find(string callId) => _calls.GetValueOrDefault(callId);

    /// <summary>Whether the call is held (live or recently ended) and, when <paramref name="participantId"/> is not null, has that participant.</summary>
    public bool Holds(string callId, string? participantId)
    {
        if (Find(callId) is not { } call)
        {
            return false;
        }

        if (participantId is null)
        {
            return true;
        }

        lock (call.Gate)
        {
            return call.Participants.Exists(p => string.Equals(p.Id, participantId, StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>Completes at the next time any call is added or changes.</summary>
    public Task AnyCallChanged
    {
        get
        {
            lock (_callsChangedGate)
            {
                return _callsChanged.Task;
            }
        }
    }

    /// <summary>A live call of the caller's app, or 404.</summary>
    public EmulatedCall GetLiveCall(string? callId, string appId)
    {
        if (callId is null || !_calls.TryGetValue(callId, out var call) || !string.Equals(call.AppId, appId, StringComparison.OrdinalIgnoreCase))
        {
            throw GraphRequestException.NotFound($"Call '{callId}' was not found.");
        }

        lock (call.Gate)
        {
            if (call.IsTerminated)
            {
                throw GraphRequestException.NotFound($"Call '{callId}' was not found; it has ended.");
            }
        }

        return call;
    }

    private void Register(EmulatedCall call)
    {
        _calls[call.Id] = call;
        ArmIdleTimer(call);
        SignalCallsChanged();
    }

    private void SignalCallsChanged()
    {
        TaskCompletionSource previous;
        lock (_callsChangedGate)
        {
            previous = _callsChanged;
            _callsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    /// <summary>Raised when an ended call leaves the store of ended calls (<see cref="EmulatorOptions.MaxEndedCalls"/>); whatever else is kept per call goes with it.</summary>
    public event Action<string>? CallForgotten;

    /// <summary>A new timeline for a call, with the configured limits.</summary>
    private TimelineBuffer NewTimeline() => new(_options.MaxTimelineEntriesPerCall, _options.MaxTimelineCharsPerCall);

    /// <summary>Raised with the call's lock held whenever a call changes (media streaming follows calls this way). Must not block.</summary>
    public event Action<EmulatedCall>? CallChanged;

    /// <summary>Marks a change on <paramref name="call"/> for awaiters. Call with the call's lock held.</summary>
    private void Changed(EmulatedCall call)
    {
        CallChanged?.Invoke(call);
        call.SignalChanged();
        SignalCallsChanged();
    }

    /// <summary>Records an incoming Graph request on the call's timeline and restarts its idle timer.</summary>
    public void RecordRequest(EmulatedCall call, string method, string path, int status, string? body, string? responseBody)
    {
        lock (call.Gate)
        {
            call.LastRequestAt = _time.GetUtcNow();
            call.AddTimeline(TimelineEntryKind.Request, call.LastRequestAt, method, path, status, body, responseBody);
            if (!call.IsTerminated)
            {
                call.IdleTimer?.Change(_options.IdleCallTimeout, Timeout.InfiniteTimeSpan);
            }

            Changed(call);
        }
    }

    /// <summary>Records an event (remote action, timeout) on the call's timeline.</summary>
    private void RecordEvent(EmulatedCall call, string description)
    {
        call.AddTimeline(TimelineEntryKind.Event, _time.GetUtcNow(), description: description);
    }

    /// <summary>Queues a notification to the call's callback URI. Call with the call's lock held.</summary>
    private void Notify(EmulatedCall call, string changeType, string resourceUrl, JsonNode? resourceData)
    {
        var envelope = NotificationFactory.Envelope(changeType, resourceUrl, call.CallbackUri, resourceData);
        var body = System.Text.Encoding.UTF8.GetBytes(envelope.ToJsonString());
        var description = $"{changeType} {resourceUrl}" + (resourceData is JsonObject { } data && data["state"] is JsonValue state ? $" ({state})" : "");
        var entry = call.AddTimeline(
            TimelineEntryKind.Notification,
            _time.GetUtcNow(),
            "POST",
            call.CallbackUri.ToString(),
            body: System.Text.Encoding.UTF8.GetString(body),
            description: description);
        _dispatcher.Enqueue(call, new OutgoingNotification(call.CallbackUri, call.AppId, call.TenantId, body, entry, call.Chaos.DeliveryDelay, call.Chaos.DuplicateDelivery));
        Changed(call);
    }

    /// <summary>Sends an <c>updated</c> call notification with the current state.</summary>
    private void NotifyState(EmulatedCall call)
    {
        call.Etag++;
        Notify(call, NotificationFactory.Updated, CallResource.Path(call.Id), CallResource.StateUpdate(call));
    }

    /// <summary>Moves to <paramref name="state"/> and notifies. Call with the lock held.</summary>
    private void SetState(EmulatedCall call, string state)
    {
        if (call.IsTerminated)
        {
            return;
        }

        call.State = state;
        NotifyState(call);
    }

    /// <summary>Ends the call and sends the <c>deleted</c> notification. Call with the lock held.</summary>
    private void Terminate(EmulatedCall call, JsonObject resultInfo, string? reason = null)
    {
        if (call.IsTerminated)
        {
            return;
        }

        call.State = CallStates.Terminated;
        call.ResultInfo = resultInfo;
        call.TerminationReason = reason;
        call.EndedAt = _time.GetUtcNow();
        call.Etag++;
        DisposeTimers(call);
        Notify(call, NotificationFactory.Deleted, CallResource.Path(call.Id), CallResource.Full(call));
        Log.CallEnded(_logger, call.Id, resultInfo["code"]?.GetValue<int>() ?? 0, resultInfo["message"]?.GetValue<string>() ?? "");
        _endedCalls.Enqueue(call.Id);
        while (_endedCalls.Count > _options.MaxEndedCalls && _endedCalls.TryDequeue(out var old))
        {
            if (_calls.TryRemove(old, out _))
            {
                CallForgotten?.Invoke(old);
            }
        }
    }

    private static void DisposeTimers(EmulatedCall call)
    {
        call.AnswerTimer?.Dispose();
        call.AnswerTimer = null;
        call.IdleTimer?.Dispose();
        call.IdleTimer = null;
        foreach (var timer in call.ScheduledActions)
        {
            timer.Dispose();
        }

        call.ScheduledActions.Clear();
    }

    private void ArmIdleTimer(EmulatedCall call)
    {
        lock (call.Gate)
        {
            call.IdleTimer = _time.CreateTimer(_ => OnIdle(call), null, _options.IdleCallTimeout, Timeout.InfiniteTimeSpan);
        }
    }

    private void OnIdle(EmulatedCall call)
    {
        lock (call.Gate)
        {
            if (call.IsTerminated || _disposed)
            {
                return;
            }

            RecordEvent(call, $"No request for {_options.IdleCallTimeout}; the call ends.");
            Terminate(call, ResultCodes.IdleTimeout(_options.IdleCallTimeout), "idleTimeout");
        }
    }

    /// <summary>Runs <paramref name="action"/> under the call's lock after <paramref name="delay"/> on the emulator clock (at once when zero).</summary>
    private void Schedule(EmulatedCall call, TimeSpan delay, Action action)
    {
        if (delay <= TimeSpan.Zero)
        {
            lock (call.Gate)
            {
                if (!call.IsTerminated)
                {
                    action();
                }
            }

            return;
        }

        lock (call.Gate)
        {
            ITimer? timer = null;
            timer = _time.CreateTimer(
                _ =>
                {
                    lock (call.Gate)
                    {
                        if (timer is not null)
                        {
                            call.ScheduledActions.Remove(timer);
                            timer.Dispose();
                        }

                        if (!call.IsTerminated && !_disposed)
                        {
                            action();
                        }
                    }
                },
                null,
                Timeout.InfiniteTimeSpan,
                Timeout.InfiniteTimeSpan);
            call.ScheduledActions.Add(timer);
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
    }

    private static string NewParticipantId() => Guid.NewGuid().ToString();

    private static string NewCallId() => Guid.NewGuid().ToString();

    private static EmulatedParticipant AddParticipant(EmulatedCall call, IdentityRef identity, bool isBot = false, string? id = null, CalleeBehavior? behavior = null, IEnumerable<string>? modalities = null)
    {
        var participant = new EmulatedParticipant
        {
            Id = id ?? NewParticipantId(),
            Identity = identity,
            IsBot = isBot,
            Behavior = behavior,
            SourceIdBase = call.NextSourceId,
            Modalities = modalities?.Where(m => m != "data").ToList() ?? ["audio"],
        };
        call.NextSourceId += 10;
        call.Participants.Add(participant);
        return participant;
    }

    /// <summary>Sends the roster: the whole list, or (with delta roster) only <paramref name="changed"/>.</summary>
    private void NotifyRoster(EmulatedCall call, IReadOnlyCollection<EmulatedParticipant>? changed = null, IReadOnlyCollection<EmulatedParticipant>? removed = null)
    {
        var url = CallResource.Path(call.Id) + "/participants";
        if (!call.DeltaRoster)
        {
            var all = new JsonArray();
            foreach (var participant in call.Participants)
            {
                all.Add(CallResource.Participant(participant, false));
            }

            Notify(call, NotificationFactory.Updated, url, all);
            return;
        }

        // Delta roster: changed participants, and removed ones carrying removedState, in one sequenced update.
        var list = (changed ?? call.Participants).ToList();
        call.RosterSequence++;
        foreach (var participant in list)
        {
            participant.RosterSequenceNumber = call.RosterSequence;
        }

        var delta = Delta(call, list);
        var items = delta[0]!["participants"]!.AsArray();
        foreach (var participant in removed ?? [])
        {
            participant.RosterSequenceNumber = call.RosterSequence;
            var item = CallResource.Participant(participant, true);
            item["removedState"] = new JsonObject { ["reason"] = "Removed from roster" };
            items.Add(item);
        }

        Notify(call, NotificationFactory.Updated, url, delta);
    }

    private static JsonArray Delta(EmulatedCall call, IEnumerable<EmulatedParticipant> participants)
    {
        var array = new JsonArray();
        foreach (var participant in participants)
        {
            array.Add(CallResource.Participant(participant, true));
        }

        return new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.deltaParticipants",
            ["participants"] = array,
            ["sequenceNumber"] = call.RosterSequence,
        });
    }

    public void Dispose()
    {
        _disposed = true;
        foreach (var call in _calls.Values)
        {
            lock (call.Gate)
            {
                DisposeTimers(call);
            }
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 200, EventName = "CallCreated", Level = LogLevel.Information, Message = "Call {CallId} ({Kind}, {Direction}) created for app {AppId}")]
        public static partial void CallCreated(ILogger logger, string callId, CallKind kind, string direction, string appId);

        [LoggerMessage(EventId = 201, EventName = "CallEnded", Level = LogLevel.Information, Message = "Call {CallId} ended with {Code}: {Message}")]
        public static partial void CallEnded(ILogger logger, string callId, int code, string message);

        [LoggerMessage(EventId = 202, EventName = "AnswerTimeout", Level = LogLevel.Information, Message = "Call {CallId} was not answered within {Timeout}")]
        public static partial void AnswerTimedOut(ILogger logger, string callId, TimeSpan timeout);
    }
}
