using System.Collections.Concurrent;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Notifications;
using CallingBot.Emulator.Timeline;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// The emulated calling service's calls by id: registers new calls, finds them for Graph requests and the control API,
/// keeps ended calls for inspection up to <see cref="EmulatorOptions.MaxEndedCalls"/>, and relays their changes. It
/// holds the directory and the registered applications calls are placed against. What happens in a call is the call's
/// own business (<see cref="EmulatedCall"/>).
/// </summary>
internal sealed class CallRegistry : IDisposable
{
    private readonly ConcurrentDictionary<string, EmulatedCall> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentQueue<string> _endedCalls = new();
    private readonly Lock _callsChangedGate = new();
    private TaskCompletionSource _callsChanged = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public CallRegistry(EmulatorOptions options, TimeProvider time, NotificationDispatcher dispatcher, ApplicationRegistry apps, DirectoryService directory, ILogger<CallRegistry> logger)
    {
        Environment = new CallEnvironment(options, time, dispatcher, logger);
        Applications = apps;
        Directory = directory;
    }

    /// <summary>Raised (outside any call's lock) whenever a call changes; media streaming follows calls this way.</summary>
    public event Action<EmulatedCall>? CallChanged;

    /// <summary>Raised when an ended call leaves the store of ended calls (<see cref="EmulatorOptions.MaxEndedCalls"/>); whatever else is kept per call goes with it.</summary>
    public event Action<string>? CallForgotten;

    public CallEnvironment Environment { get; }

    public EmulatorOptions Options => Environment.Options;

    public ApplicationRegistry Applications { get; }

    public DirectoryService Directory { get; }

    /// <summary>Chaos applied to calls that do not specify their own.</summary>
    public ChaosOptions DefaultChaos
    {
        get => Environment.DefaultChaos;
        set => Environment.DefaultChaos = value;
    }

    /// <summary>Base URL of the emulator (https), used for recording locations.</summary>
    public Uri PublicBaseAddress
    {
        get => Environment.PublicBaseAddress;
        set => Environment.PublicBaseAddress = value;
    }

    public IEnumerable<EmulatedCall> Calls => _calls.Values;

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

    public static string NewCallId() => Guid.NewGuid().ToString();

    public EmulatedCall? Find(string callId) => _calls.GetValueOrDefault(callId);

    /// <summary>Whether the call is held (live or recently ended) and, when <paramref name="participantId"/> is not null, has that participant.</summary>
    public bool Holds(string callId, string? participantId) =>
        Find(callId) is { } call && (participantId is null || call.HasParticipant(participantId));

    /// <summary>A live call of the caller's app, or 404.</summary>
    public EmulatedCall GetLiveCall(string? callId, string appId)
    {
        if (callId is null || !_calls.TryGetValue(callId, out var call) || !string.Equals(call.AppId, appId, StringComparison.OrdinalIgnoreCase))
        {
            throw GraphRequestException.NotFound($"Call '{callId}' was not found.");
        }

        return call.IsTerminated ? throw GraphRequestException.NotFound($"Call '{callId}' was not found; it has ended.") : call;
    }

    /// <summary>A call the control API names, live or ended, or <see cref="KeyNotFoundException"/>.</summary>
    public EmulatedCall GetForControl(string callId) => Find(callId) ?? throw new KeyNotFoundException($"Call '{callId}' was not found.");

    /// <summary>A live call the control API names; <see cref="InvalidOperationException"/> when it has ended.</summary>
    public EmulatedCall GetLiveForControl(string callId)
    {
        var call = GetForControl(callId);
        return call.IsTerminated ? throw new InvalidOperationException($"Call '{callId}' has ended.") : call;
    }

    /// <summary>
    /// Makes <paramref name="record"/> a call and registers it. <paramref name="start"/> runs inside the new call's lock
    /// with the call already findable, so whoever finds it waits until it has started (its first notification queued).
    /// </summary>
    public EmulatedCall Register(CallRecord record, EmulatedCallState initialState, Action<EmulatedCall, LockedCall>? start = null)
    {
        var call = new EmulatedCall(record, initialState, Environment);
        call.Changed += OnCallChanged;
        call.Ended += OnCallEnded;
        call.Update(locked =>
        {
            _calls[call.Id] = call;
            locked.ArmIdleTimer(call.OnIdle);
            locked.MarkChanged();
            start?.Invoke(call, locked);
        });
        CallLog.CallCreated(Environment.Logger, call.Id, call.Kind, call.Direction, call.AppId);
        return call;
    }

    public CallSnapshot? Snapshot(string callId) => Find(callId)?.Snapshot();

    public IReadOnlyList<CallSnapshot> SnapshotAll() => _calls.Values.OrderBy(c => c.CreatedAt).Select(c => c.Snapshot()).ToList();

    public TimelineSnapshot GetTimeline(string callId) => GetForControl(callId).Timeline();

    public void Dispose()
    {
        Environment.Stop();
        foreach (var call in _calls.Values)
        {
            call.StopTimers();
        }
    }

    private void OnCallChanged(EmulatedCall call)
    {
        CallChanged?.Invoke(call);
        TaskCompletionSource previous;
        lock (_callsChangedGate)
        {
            previous = _callsChanged;
            _callsChanged = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        previous.TrySetResult();
    }

    private void OnCallEnded(EmulatedCall call)
    {
        _endedCalls.Enqueue(call.Id);
        while (_endedCalls.Count > Options.MaxEndedCalls && _endedCalls.TryDequeue(out var old))
        {
            if (_calls.TryRemove(old, out _))
            {
                CallForgotten?.Invoke(old);
            }
        }
    }
}
