using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Handlers;
using CallingBot.Core.Meetings;
using CallingBot.Core.Platform;
using CallingBot.Core.Recovery;
using CallingBot.Core.Registry;
using CallingBot.Core.Routing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Core.Manager;

/// <summary>
/// The stateful heart of the bot: receives calls and events from the signaling adapter, runs the router on
/// incoming calls, keeps one <see cref="CallHandler"/> per call and feeds it that call's events in order.
/// Whether a call is live or ended is recorded in the <see cref="ICallRegistry"/>; the manager's own table holds the
/// sessions (handler, event loop) of the live calls of this instance.
/// </summary>
internal sealed class CallManager : ICallManager, ICallEventSink, IAsyncDisposable
{
    private const int MaxHeldEvents = 10_000;

    /// <summary>
    /// How long the handler of a call dropped at the end of a drain may take in <c>OnTerminatedAsync</c>, and about how
    /// long the drain waits for such calls to leave: part of the fixed shutdown grace the host adds to the drain.
    /// </summary>
    internal static readonly TimeSpan DroppedCallTerminationBudget = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan HeldEventLifetime = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, CallSession> _calls = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, HeldEvents> _held = new(StringComparer.OrdinalIgnoreCase);
    private readonly ICallRegistry _registry;
    private readonly ICallingPlatform _platform;
    private readonly Lock _reaperGate = new();
    private int _started;
    private ITimer? _reaper;
    private int _awaitingEstablishment;
    private volatile bool _draining;
    private bool _drainStarted;

    public CallManager(
        ICallingPlatform platform,
        IIncomingCallRouter router,
        IOptions<CallManagerOptions> options,
        TimeProvider timeProvider,
        ILogger<CallManager> logger,
        CallMetrics metrics,
        ICallHistory history,
        ICallRegistry registry,
        ILiveCallStore? liveCalls = null,
        IOptions<CallRecoveryOptions>? recovery = null,
        ILoggerFactory? loggerFactory = null)
    {
        _platform = platform ?? throw new ArgumentNullException(nameof(platform));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        Router = router ?? throw new ArgumentNullException(nameof(router));
        Options = options?.Value ?? throw new ArgumentNullException(nameof(options));
        TimeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
        Logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        History = history ?? throw new ArgumentNullException(nameof(history));
        var recoveryOptions = recovery?.Value ?? new CallRecoveryOptions { Enabled = false };
        var recoveryLogger = loggerFactory?.CreateLogger(typeof(CallRecovery).FullName!) ?? logger;
        if (recoveryOptions.Enabled && liveCalls is not null)
        {
            Journal = new LiveCallJournal(liveCalls, metrics, recoveryLogger, recoveryOptions.ReconciliationTimeout);
        }

        Recovery = new CallRecovery(this, platform, registry, recoveryOptions.Enabled ? recoveryOptions : new CallRecoveryOptions { ReconcileUnknownCalls = false }, Journal, recoveryLogger);
    }

    internal IIncomingCallRouter Router { get; }

    internal CallManagerOptions Options { get; }

    internal TimeProvider TimeProvider { get; }

    internal ILogger Logger { get; }

    internal CallMetrics Metrics { get; }

    internal ICallHistory History { get; }

    internal HandlerBindings Handlers { get; } = new();

    /// <summary>Writes the live call records; null when recovery is off.</summary>
    internal LiveCallJournal? Journal { get; }

    internal CallRecovery Recovery { get; }

    public int ActiveCallCount => _calls.Count;

    /// <summary>Incoming calls neither established nor gone yet; the reaper's timer is armed exactly while this is above 0.</summary>
    internal int AwaitingEstablishmentCount
    {
        get
        {
            lock (_reaperGate)
            {
                return _awaitingEstablishment;
            }
        }
    }

    /// <summary>
    /// Attaches to the platform so incoming calls and events flow in, and starts the reaper that drops incoming calls
    /// neither established nor ended past the service's answer deadline plus <see cref="CallManagerOptions.UnestablishedCallMargin"/>.
    /// Idempotent.
    /// </summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            lock (_reaperGate)
            {
                _reaper = CreateReaper();
            }

            _platform.Attach(this);
        }
    }

    public IReadOnlyList<CallSnapshot> ListCalls() => _calls.Values.Select(s => s.Snapshot()).OrderBy(s => s.CreatedAt).ToArray();

    public CallSnapshot? GetCall(string callId) => _calls.TryGetValue(callId, out var session) ? session.Snapshot() : null;

    public ICallContext? FindCall(string callId) => _calls.TryGetValue(callId, out var session) ? session : null;

    public Task WhenRemovedAsync(string callId) => _calls.TryGetValue(callId, out var session) ? session.Completion : Task.CompletedTask;

    void ICallEventSink.OnIncomingCall(IPlatformCall call, IncomingCallInfo info)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(info);
        Metrics.IncomingCalls.Add(1);
        using var scope = Logger.BeginScope(new CallLogScope(call.CallId));
        if (_calls.ContainsKey(call.CallId) || !_registry.TryAddLive(call.CallId, call.TenantId ?? info.TenantId))
        {
            CallManagerLog.DuplicateIncoming(Logger, call.CallId);
            return;
        }

        if (info.ReceivedAt == default)
        {
            // An adapter that did not stamp the arrival time must not make every call look late.
            info = info with { ReceivedAt = TimeProvider.GetUtcNow() };
        }

        CallManagerLog.IncomingCall(Logger, info.Caller.ToString(), info.TenantId, info.IsPeerToPeer, info.PolicyRecording is not null);
        var session = new CallSession(this, call, CallDirection.Incoming, info, handler: null, MediaHosting.ServiceHosted);

        // The decision is queued before anything else can reach the session; its loop starts once the manager holds it.
        if (_draining)
        {
            CallManagerLog.RefusedWhileDraining(Logger);
            session.Remember("decision", "draining");
            session.PostDecision(CallDecision.Reject(RejectReason.Busy));
        }
        else if (_calls.Count >= Options.MaxConcurrentCalls)
        {
            CallManagerLog.AtCapacity(Logger, _calls.Count + 1);
            session.Remember("decision", "at capacity");
            session.PostDecision(CallDecision.Reject(RejectReason.Busy));
        }
        else
        {
            session.PostDecision();
        }

        if (!_calls.TryAdd(call.CallId, session))
        {
            // Another arrival of the same call won the race; this session never started and holds nothing.
            CallManagerLog.DuplicateIncoming(Logger, call.CallId);
            return;
        }

        AwaitEstablishment();
        Metrics.ActiveCalls.Add(1);
        session.Start();
        ReleaseHeld(session);
    }

    void ICallEventSink.OnCallEvent(CallEvent callEvent)
    {
        ArgumentNullException.ThrowIfNull(callEvent);
        if (_calls.TryGetValue(callEvent.CallId, out var session))
        {
            session.Post(callEvent);
            return;
        }

        if (_registry.GetStatus(callEvent.CallId) == CallStatus.Ended)
        {
            CallManagerLog.EventAfterEnd(Logger, callEvent.GetType().Name);
            return;
        }

        Hold(callEvent);
    }

    bool ICallEventSink.OnParticipantJoining(string callId, ParticipantInfo participant)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(participant);
        if (_calls.TryGetValue(callId, out var session))
        {
            return session.DecideJoining(participant);
        }

        CallManagerLog.ParticipantJoiningUnknownCall(Logger, callId);
        return false;
    }

    public Task<CallSnapshot> CreateCallAsync(OutboundCallRequest request, CallHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        request.Validate();
        return PlaceAsync(request.TenantId, handler, request.Media, $"placed to {request.Targets.Count} target(s)", ct => _platform.CreateCallAsync(request, ct), cancellationToken, request.Source, request.Targets);
    }

    public Task<CallSnapshot> JoinMeetingAsync(MeetingJoinRequest request, CallHandler handler, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(handler);
        request.Validate();
        var detail = request.GuestDisplayName is null ? "joined meeting" : "joined meeting as guest";
        return PlaceAsync(request.TenantId ?? request.Coordinates?.TenantId, handler, request.Media, detail, ct => _platform.JoinMeetingAsync(request, ct), cancellationToken);
    }

    public Task RecoverAsync(CancellationToken cancellationToken) => Recovery.RecoverRecordedAsync(cancellationToken);

    public void ReconcileUnknownCall(string callId, string tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentException.ThrowIfNullOrEmpty(tenantId);
        if (!_draining)
        {
            Recovery.ReconcileUnknown(callId, tenantId);
        }
    }

    public async Task<bool> EndCallAsync(string callId, string? tenantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        if (_calls.TryGetValue(callId, out var session))
        {
            await session.HangUpAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }

        if (_registry.GetStatus(callId) == CallStatus.Ended)
        {
            return false;
        }

        return await Recovery.EndUnheldAsync(callId, tenantId).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Takes over <paramref name="rehydrated"/>: a session that starts established, whose first work is to ask the
    /// router for a handler. False when the call is live or ended in this process already (the platform call is
    /// left alone: it may be the live session's).
    /// </summary>
    internal bool Adopt(RehydratedCall rehydrated, AdoptedCallInfo info, DateTimeOffset? establishedAt)
    {
        var call = rehydrated.Call;
        if (_draining || _calls.ContainsKey(call.CallId) || !_registry.TryAddLive(call.CallId, info.TenantId))
        {
            return false;
        }

        var session = new CallSession(this, call, info, rehydrated.Participants, establishedAt);
        session.PostAdoption(info);
        if (!_calls.TryAdd(call.CallId, session))
        {
            return false;
        }

        Metrics.ActiveCalls.Add(1);
        session.Start();
        ReleaseHeld(session);
        return true;
    }

    public async Task<TakeOverResult> TakeOverAsync(string callId, string? tenantId, AdoptionReason reason, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        if (_calls.ContainsKey(callId))
        {
            return TakeOverResult.Adopted;
        }

        if (_draining)
        {
            return TakeOverResult.NotSettled;
        }

        return await Recovery.TakeOverAsync(callId, tenantId, reason).WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    public async Task<bool> HandOverAsync(string callId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        if (!_calls.TryGetValue(callId, out var session) || !session.CanBeHandedOver || !session.HandOver(DroppedCallTerminationBudget))
        {
            return false;
        }

        await session.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return true;
    }

    public Task DrainAsync(TimeSpan timeout, CancellationToken cancellationToken) => DrainAsync(timeout, Options.HousekeepingTimeout, cancellationToken);

    public Task DrainAsync(TimeSpan timeout, TimeSpan hangUpTimeout, CancellationToken cancellationToken) => DrainAsync(timeout, hangUpTimeout, handOver: null, cancellationToken);

    public async Task DrainAsync(TimeSpan timeout, TimeSpan hangUpTimeout, Func<IReadOnlyList<string>, CancellationToken, Task>? handOver, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(timeout, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(hangUpTimeout, TimeSpan.Zero);
        _draining = true;
        Volatile.Write(ref _drainStarted, true);
        var started = TimeProvider.GetTimestamp();
        var held = _calls.Count;

        var hungUp = 0;
        var dropped = 0;
        try
        {
            if (handOver is not null)
            {
                await HandOverForDrainAsync(handOver, cancellationToken).ConfigureAwait(false);
            }

            // 1. Calls end on their own (the service tells, the web server keeps taking its notifications).
            using (var limit = new CancellationTokenSource(timeout, TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(limit.Token, cancellationToken))
            {
                if (await WaitUntilEmptyAsync(linked.Token).ConfigureAwait(false))
                {
                    return;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();

            // 2. One hang-up per remaining call, then the service's confirmation (its deleted notification), within the
            // margin. Requests still on their way when it ends are cancelled: nothing is sent after the drain.
            var remaining = _calls.Values.ToArray();
            hungUp = remaining.Length;
            CallManagerLog.DrainTimeout(Logger, remaining.Length, timeout.TotalSeconds);
            using (var margin = new CancellationTokenSource(hangUpTimeout, TimeProvider))
            using (var linked = CancellationTokenSource.CreateLinkedTokenSource(margin.Token, cancellationToken))
            {
                var failed = await Task.WhenAll(remaining.Select(s => HangUpForDrainAsync(s, linked.Token))).ConfigureAwait(false);
                dropped = failed.Count(f => f);
                if (await WaitUntilEmptyAsync(linked.Token).ConfigureAwait(false))
                {
                    return;
                }
            }

            cancellationToken.ThrowIfCancellationRequested();

            // 3. What is still held was not confirmed: dropped here, without further requests.
            var unconfirmed = _calls.Values.ToArray();
            CallManagerLog.DrainCallsDropped(Logger, unconfirmed.Length, hangUpTimeout.TotalSeconds);
            dropped += await DropAsync(unconfirmed).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The host gave up waiting: nothing more is sent, and nothing more is waited for.
            var left = _calls.Values.ToArray();
            CallManagerLog.DrainCancelled(Logger, left.Length);
            dropped += left.Count(s => s.Abandon(TimeSpan.Zero));
        }
        finally
        {
            // A drain that found no call has nothing to sum up (the host's own event already says 0 calls).
            if (held > 0 || hungUp > 0 || dropped > 0)
            {
                CallManagerLog.DrainCompleted(Logger, TimeProvider.GetElapsedTime(started).TotalSeconds, hungUp, dropped);
            }
        }
    }

    /// <summary>
    /// The drain's first step in a cluster: established service-hosted calls continue on other instances of the
    /// service (no new call is taken meanwhile). A failed hand-over leaves the calls to the rest of the drain.
    /// </summary>
    private async Task HandOverForDrainAsync(Func<IReadOnlyList<string>, CancellationToken, Task> handOver, CancellationToken cancellationToken)
    {
        var movable = _calls.Values.Where(s => s.CanBeHandedOver).Select(s => s.CallId).ToArray();
        if (movable.Length == 0)
        {
            return;
        }

        CallManagerLog.DrainHandingOver(Logger, movable.Length);
        try
        {
            await handOver(movable, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            CallManagerLog.DrainHandOverFailed(Logger, exception);
        }
    }

    public async ValueTask DisposeAsync()
    {
        _draining = true;
        ITimer? reaper;
        lock (_reaperGate)
        {
            reaper = _reaper;
            _reaper = null;
        }

        if (reaper is not null)
        {
            await reaper.DisposeAsync().ConfigureAwait(false);
        }

        if (Volatile.Read(ref _drainStarted))
        {
            // The drain hung up what it could and dropped the rest: nothing is sent after it.
            foreach (var session in _calls.Values)
            {
                session.Abandon(TimeSpan.Zero);
            }
        }
        else
        {
            await Task.WhenAll(_calls.Values.Select(s => HangUpQuietlyAsync(s, CancellationToken.None))).ConfigureAwait(false);
        }

        if (Journal is not null)
        {
            await Journal.DisposeAsync().ConfigureAwait(false);
        }
    }

    internal void Remove(CallSession session)
    {
        // Marked ended before leaving the table, so an event racing the removal is dropped instead of held forever.
        _registry.MarkEnded(session.CallId);
        if (_calls.TryRemove(new KeyValuePair<string, CallSession>(session.CallId, session)))
        {
            Metrics.ActiveCalls.Add(-1);
            Metrics.EndedCalls.Add(1);
        }

        if (session.LeaveAwaitingEstablishment())
        {
            EstablishmentSettled();
        }

        _held.TryRemove(session.CallId, out _);
    }

    private async Task<CallSnapshot> PlaceAsync(
        string? tenantId,
        CallHandler handler,
        MediaHosting media,
        string detail,
        Func<CancellationToken, Task<IPlatformCall>> place,
        CancellationToken cancellationToken,
        ParticipantIdentity? caller = null,
        IReadOnlyList<ParticipantIdentity>? callees = null)
    {
        ThrowIfUnavailable();
        var binding = new HandlerBindings.Binding(callId: null);
        if (Handlers.TryBind(handler, binding) is { } refused)
        {
            throw refused;
        }

        var registered = false;
        try
        {
            using (_registry.BeginPlacing(tenantId))
            {
                var call = await place(cancellationToken).ConfigureAwait(false);
                var snapshot = Register(call, tenantId, handler, binding, media, detail, caller, callees);
                registered = true;
                return snapshot;
            }
        }
        finally
        {
            if (!registered)
            {
                Handlers.Release(handler, binding, disposed: false);
            }
        }
    }

    private CallSnapshot Register(
        IPlatformCall call,
        string? requestedTenantId,
        CallHandler handler,
        HandlerBindings.Binding binding,
        MediaHosting media,
        string detail,
        ParticipantIdentity? caller,
        IReadOnlyList<ParticipantIdentity>? callees)
    {
        Metrics.OutgoingCalls.Add(1);
        if (_calls.ContainsKey(call.CallId) || !_registry.TryAddLive(call.CallId, call.TenantId ?? requestedTenantId))
        {
            throw new InvalidOperationException($"The platform returned call id {call.CallId}, which the manager already holds or which ended.");
        }

        binding.CallId = call.CallId;
        var session = new CallSession(this, call, CallDirection.Outgoing, incoming: null, handler, media, binding, caller, callees);
        session.Remember("created", detail);
        if (!_calls.TryAdd(call.CallId, session))
        {
            throw new InvalidOperationException($"The platform returned call id {call.CallId}, which the manager already holds.");
        }

        Metrics.ActiveCalls.Add(1);
        session.Start();
        ReleaseHeld(session);
        return session.Snapshot();
    }

    /// <summary>An incoming call that is not established yet arrived: the reaper runs while there is one.</summary>
    internal void AwaitEstablishment()
    {
        lock (_reaperGate)
        {
            if (++_awaitingEstablishment == 1)
            {
                _reaper?.Change(Options.ReapInterval, Options.ReapInterval);
            }
        }
    }

    /// <summary>An incoming call was established or left: with none left awaiting establishment, the reaper sleeps.</summary>
    internal void EstablishmentSettled()
    {
        lock (_reaperGate)
        {
            if (--_awaitingEstablishment == 0)
            {
                _reaper?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>One pass of the reaper: drops stale incoming calls and forgets events held too long for unknown calls.</summary>
    internal void Reap()
    {
        try
        {
            var now = TimeProvider.GetUtcNow();
            foreach (var session in _calls.Values)
            {
                if (session.IsPastEstablishDeadline(now, Options.UnestablishedCallMargin))
                {
                    session.Reap();
                }
            }

            foreach (var stale in _held.Where(p => now - p.Value.Since > HeldEventLifetime).Select(p => p.Key).ToArray())
            {
                _held.TryRemove(stale, out _);
            }
        }
        catch (Exception exception)
        {
            CallManagerLog.ReaperFailed(Logger, exception);
        }
    }

    private ITimer CreateReaper()
    {
        // The timer must not capture the caller's execution context (its async locals, its logging scope).
        var restoreFlow = false;
        try
        {
            if (!ExecutionContext.IsFlowSuppressed())
            {
                ExecutionContext.SuppressFlow();
                restoreFlow = true;
            }

            // Armed only while an incoming call awaits establishment (see AwaitEstablishment).
            return TimeProvider.CreateTimer(static state => ((CallManager)state!).Reap(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
        finally
        {
            if (restoreFlow)
            {
                ExecutionContext.RestoreFlow();
            }
        }
    }

    private void ThrowIfUnavailable()
    {
        if (_draining)
        {
            throw new InvalidOperationException("The bot is draining and does not start new calls.");
        }

        if (_calls.Count >= Options.MaxConcurrentCalls)
        {
            throw new InvalidOperationException($"The bot holds {_calls.Count} calls, its configured maximum.");
        }
    }

    private void Hold(CallEvent callEvent)
    {
        var now = TimeProvider.GetUtcNow();
        if (_held.Count >= MaxHeldEvents)
        {
            foreach (var stale in _held.Where(p => now - p.Value.Since > HeldEventLifetime).Select(p => p.Key).ToArray())
            {
                _held.TryRemove(stale, out _);
            }

            if (_held.Count >= MaxHeldEvents)
            {
                return;
            }
        }

        CallManagerLog.EventHeld(Logger, callEvent.GetType().Name, callEvent.CallId);
        var held = _held.GetOrAdd(callEvent.CallId, _ => new HeldEvents(now));
        bool released;
        lock (held)
        {
            released = held.Released;
            if (!released && held.Events.Count < 256)
            {
                held.Events.Add(callEvent);
            }
        }

        if (released)
        {
            // The call was registered and its held events replayed between the lookup and the lock: deliver directly.
            if (_calls.TryGetValue(callEvent.CallId, out var registered))
            {
                registered.Post(callEvent);
            }

            return;
        }

        // The session may have been registered between the lookup and the add.
        if (_calls.TryGetValue(callEvent.CallId, out var session))
        {
            ReleaseHeld(session);
        }
    }

    private void ReleaseHeld(CallSession session)
    {
        if (_held.TryRemove(session.CallId, out var held))
        {
            lock (held)
            {
                held.Released = true;
                foreach (var callEvent in held.Events)
                {
                    session.Post(callEvent);
                }

                held.Events.Clear();
            }
        }
    }

    private async Task HangUpQuietlyAsync(CallSession session, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(Options.HousekeepingTimeout, TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await session.HangUpAsync(linked.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            CallManagerLog.HangUpFailed(Logger, exception);
        }
    }

    /// <summary>
    /// The drain's hang-up of one call; a call whose hang-up cannot be sent is dropped at once (no confirmation will
    /// come). True when it dropped the call.
    /// </summary>
    private async Task<bool> HangUpForDrainAsync(CallSession session, CancellationToken margin)
    {
        try
        {
            await session.HangUpForDrainAsync(margin).ConfigureAwait(false);
            return false;
        }
        catch (OperationCanceledException) when (margin.IsCancellationRequested)
        {
            // The margin ended first: the call is dropped with the other unconfirmed ones.
            return false;
        }
        catch (Exception exception)
        {
            using (Logger.BeginScope(new CallLogScope(session.CallId)))
            {
                CallManagerLog.DrainHangUpFailed(Logger, exception);
            }

            return session.Abandon(DroppedCallTerminationBudget);
        }
    }

    /// <summary>Drops <paramref name="sessions"/> and waits, briefly, for their handlers to finish; returns how many it dropped (not dropped before).</summary>
    private async Task<int> DropAsync(CallSession[] sessions)
    {
        var dropped = sessions.Count(s => s.Abandon(DroppedCallTerminationBudget));

        using var bound = new CancellationTokenSource(DroppedCallTerminationBudget + TimeSpan.FromMilliseconds(500), TimeProvider);
        try
        {
            await Task.WhenAll(sessions.Select(s => s.Completion)).WaitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            // A handler that ignores its token is not waited for: the process is stopping.
        }

        return dropped;
    }

    /// <summary>Waits until the manager holds no call (calls that arrive meanwhile included); false when <paramref name="cancellationToken"/> ends the wait.</summary>
    private async Task<bool> WaitUntilEmptyAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var pending = _calls.Values.Select(s => s.Completion).ToArray();
            if (pending.Length == 0)
            {
                return true;
            }

            try
            {
                await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private sealed class HeldEvents(DateTimeOffset since)
    {
        public DateTimeOffset Since { get; } = since;

        public List<CallEvent> Events { get; } = [];

        public bool Released { get; set; }
    }
}
