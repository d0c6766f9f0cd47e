using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Manager;

/// <summary>
/// One call held by the manager: its state, its handler, and the loop that feeds the handler one event at a time.
/// Events arrive on the notification path through <see cref="Post"/>, which never blocks.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "CallEnded tokens stay observable after the call ends.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The cancellation source has no timer; its token must stay readable after the call ends.")]
internal sealed partial class CallSession : ICallContext
{
    private readonly CallManager _owner;
    private readonly IPlatformCall _platform;
    private readonly ILogger _logger;
    private readonly Channel<object> _work = Channel.CreateUnbounded<object>(new UnboundedChannelOptions { SingleReader = true });
    private readonly CancellationTokenSource _ended = new();
    private readonly ConcurrentDictionary<string, ParticipantInfo> _participants = new(StringComparer.Ordinal);
    private readonly Queue<CallEventRecord> _recent = new();
    private readonly Lock _recentGate = new();
    private readonly ToneBuffer _tones = new();
    private readonly Dictionary<string, object?> _items = new(StringComparer.Ordinal);
    private readonly Dictionary<string, object> _scope;
    private readonly Lock _joiningGate = new();
    private readonly HashSet<string> _acceptedJoiners = new(StringComparer.Ordinal);
    private CallHandler? _handler;
    private ITimer? _keepAliveTimer;
    private volatile bool _tonesSubscribed;
    private int _awaitingEstablishment;
    private bool _dropNow;
    private int _reapRequested;
    private bool _handlerFaulted;
    private bool _terminatedDelivered;
    private int _state;
    private CallTermination? _termination;
    private DateTimeOffset? _establishedAt;
    private string _outcome;
    private int _participantCapacity;

    public CallSession(CallManager owner, IPlatformCall platform, CallDirection direction, IncomingCallInfo? incoming, CallHandler? handler, MediaHosting media)
    {
        _owner = owner;
        _platform = platform;
        Direction = direction;
        Incoming = incoming;
        _handler = handler;
        Media = media;
        _state = (int)(direction == CallDirection.Incoming ? CallState.Incoming : CallState.Establishing);
        _awaitingEstablishment = direction == CallDirection.Incoming ? 1 : 0;
        _outcome = direction == CallDirection.Incoming ? "undecided" : "placed";
        CreatedAt = owner.TimeProvider.GetUtcNow();
        _scope = new Dictionary<string, object>(StringComparer.Ordinal) { ["CallId"] = platform.CallId };
        _logger = owner.Logger;
        Completion = Task.Run(RunAsync);
    }

    public string CallId => _platform.CallId;

    public CallDirection Direction { get; }

    public CallState State => (CallState)Volatile.Read(ref _state);

    public string? TenantId => _platform.TenantId ?? Incoming?.TenantId;

    public MediaHosting Media { get; private set; }

    public IncomingCallInfo? Incoming { get; }

    public IReadOnlyCollection<ParticipantInfo> Participants => _participants.Values.ToArray();

    public CancellationToken CallEnded => _ended.Token;

    public IDictionary<string, object?> Items => _items;

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Completes when the call has been removed and its handler disposed.</summary>
    public Task Completion { get; }

    public string HandlerName => _handler?.GetType().Name ?? "(none)";

    public CallSnapshot Snapshot()
    {
        CallEventRecord[] recent;
        lock (_recentGate)
        {
            recent = _recent.ToArray();
        }

        return new CallSnapshot(CallId, Direction, State, TenantId, Media, CreatedAt, HandlerName, _participants.Values.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray(), recent);
    }

    /// <summary>
    /// Queues the decision for an incoming call; it is the first thing the loop does. With <paramref name="decision"/>
    /// (the manager's own, for example busy at capacity) the router is not asked.
    /// </summary>
    public void PostDecision(CallDecision? decision = null) => _work.Writer.TryWrite(decision is null ? DecisionWork.Routed : new DecisionWork(decision));

    /// <summary>Accepts an event from the notification path. Keys and termination take effect at once.</summary>
    public void Post(CallEvent callEvent)
    {
        switch (callEvent)
        {
            case ToneReceived tone:
                _tones.Add(tone.Tone);
                break;
            case CallStateChanged { State: CallState.Terminated } terminated:
                _termination ??= terminated.Termination;
                CancelEnded();
                break;
            case CallStateChanged { State: CallState.Established }:
                if (LeaveAwaitingEstablishment())
                {
                    _owner.EstablishmentSettled();
                }

                break;
            case CallRemoved:
                CancelEnded();
                break;
        }

        if (!_work.Writer.TryWrite(callEvent))
        {
            using (_logger.BeginScope(_scope))
            {
                CallManagerLog.EventAfterEnd(_logger, callEvent.GetType().Name);
            }
        }
    }

    private async Task RunAsync()
    {
        using var scope = _logger.BeginScope(_scope);
        try
        {
            await foreach (var item in _work.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                if (item is DecisionWork work)
                {
                    await (work.Decision is { } decision ? SendDecisionAsync(decision, Incoming!) : DecideAsync()).ConfigureAwait(false);
                    if (_dropNow)
                    {
                        // The service refused the decision as final: nothing more will come for this call.
                        await FinishAsync().ConfigureAwait(false);
                        return;
                    }
                }
                else if (item is ReapWork)
                {
                    DropNotEstablished();
                    await FinishAsync().ConfigureAwait(false);
                    return;
                }
                else if (item is CallRemoved)
                {
                    await FinishAsync().ConfigureAwait(false);
                    return;
                }
                else
                {
                    await ApplyAsync((CallEvent)item).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _owner.Remove(this);
        }
    }

    private async Task DecideAsync()
    {
        var info = Incoming!;
        var budget = info.PolicyRecording is null ? _owner.Options.DecisionBudget : _owner.Options.PolicyRecordingDecisionBudget;
        var remaining = budget - (_owner.TimeProvider.GetUtcNow() - info.ReceivedAt);
        CallDecision? decision = null;
        using var budgetSource = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _owner.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budgetSource.Token, _ended.Token);
        try
        {
            decision = await _owner.Router.RouteAsync(info, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (budgetSource.IsCancellationRequested)
        {
            _owner.Metrics.LateDecisions.Add(1);
            CallManagerLog.DecisionLate(_logger, budget.TotalMilliseconds, _owner.Options.UndecidedCallAction);
            Remember("decision", "router missed its budget");
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            Remember("decision", "caller left before a decision");
            return;
        }
        catch (Exception exception)
        {
            CallManagerLog.RouterFailed(_logger, exception, _owner.Options.UndecidedCallAction);
            Remember("decision", "router failed");
        }

        decision ??= _owner.Options.UndecidedCallAction switch
        {
            UndecidedCallAction.RejectBusy => CallDecision.Reject(RejectReason.Busy),
            UndecidedCallAction.Reject => CallDecision.Reject(),
            _ => null,
        };
        if (decision is null)
        {
            _outcome = "ignored";
            return;
        }

        await SendDecisionAsync(decision, info).ConfigureAwait(false);
    }

    private async Task SendDecisionAsync(CallDecision decision, IncomingCallInfo info)
    {
        var name = DescribeDecision(decision);
        using var deadline = new CancellationTokenSource(info.DecisionDeadline, _owner.TimeProvider);
        try
        {
            switch (decision)
            {
                case AnswerDecision answer:
                    _handler = answer.Handler;
                    Media = answer.Options.Media;
                    SetParticipantCapacity(answer.Options.ParticipantCapacity);
                    await _platform.AnswerAsync(answer.Options, deadline.Token).ConfigureAwait(false);
                    _outcome = "answered";
                    break;
                case RejectDecision reject:
                    await _platform.RejectAsync(reject.Reason, deadline.Token).ConfigureAwait(false);
                    _outcome = "rejected";
                    break;
                case RedirectDecision redirect:
                    await _platform.RedirectAsync(redirect.Options, deadline.Token).ConfigureAwait(false);
                    _outcome = "redirected";
                    break;
                default:
                    throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
            }

            var elapsed = (_owner.TimeProvider.GetUtcNow() - info.ReceivedAt).TotalMilliseconds;
            _owner.Metrics.Decisions.Add(1, new KeyValuePair<string, object?>("outcome", _outcome));
            _owner.Metrics.DecisionTime.Record(elapsed);
            CallManagerLog.DecisionSent(_logger, name, elapsed);
            Remember("decision", name);
        }
        catch (PlatformException exception) when (exception.IsTerminalForCall)
        {
            // Unknown to the service, gone, or not the bot's: waiting for notifications about it would hold it forever.
            _outcome = "decision-failed";
            _owner.Metrics.DecisionFailures.Add(1);
            _owner.Metrics.DroppedCalls.Add(1, new KeyValuePair<string, object?>("reason", "refused-by-service"));
            CallManagerLog.DecisionRefused(_logger, name, exception.Kind, exception.Message);
            Remember("decision", $"{name} refused: {exception.Kind}");
            _termination ??= CallTermination.RefusedByService;
            _dropNow = true;
        }
        catch (Exception exception)
        {
            _outcome = "decision-failed";
            _owner.Metrics.DecisionFailures.Add(1);
            CallManagerLog.DecisionFailed(_logger, exception, name);
            Remember("decision", $"{name} failed: {(exception is PlatformException platform ? platform.Kind.ToString() : exception.GetType().Name)}");
        }
    }

    /// <summary>
    /// True for an incoming call that was never established and is still held <paramref name="margin"/> after the
    /// service's answer deadline: the service has long dropped it, or never knew it.
    /// </summary>
    public bool IsPastEstablishDeadline(DateTimeOffset now, TimeSpan margin) =>
        Volatile.Read(ref _awaitingEstablishment) == 1 && Incoming is { } info && now - info.ReceivedAt >= info.DecisionDeadline + margin;

    /// <summary>True exactly once for an incoming call, when it is established or leaves the manager, whichever comes first.</summary>
    public bool LeaveAwaitingEstablishment() => Interlocked.Exchange(ref _awaitingEstablishment, 0) == 1;

    /// <summary>Drops the call from the manager (its loop finishes it): ends its work at once, without telling the service.</summary>
    public void Reap()
    {
        if (Interlocked.Exchange(ref _reapRequested, 1) == 0)
        {
            CancelEnded();
            _work.Writer.TryWrite(ReapWork.Instance);
        }
    }

    private void DropNotEstablished()
    {
        var info = Incoming!;
        var age = _owner.TimeProvider.GetUtcNow() - info.ReceivedAt;
        _owner.Metrics.DroppedCalls.Add(1, new KeyValuePair<string, object?>("reason", "not-established-in-time"));
        CallManagerLog.CallReaped(_logger, age.TotalSeconds, info.DecisionDeadline.TotalSeconds);
        Remember("reaped", "not established in time");
        _termination ??= CallTermination.NotEstablishedInTime;
    }

    private static string DescribeDecision(CallDecision decision) => decision switch
    {
        AnswerDecision a => $"answer ({a.Options.Media})",
        RejectDecision r => $"reject ({r.Reason})",
        RedirectDecision d => $"redirect ({d.Options.Targets.Count} target(s){(d.Options.ToVoicemail ? ", voicemail" : string.Empty)})",
        _ => decision.GetType().Name,
    };

    private async Task ApplyAsync(CallEvent callEvent)
    {
        switch (callEvent)
        {
            case CallStateChanged changed:
                await ApplyStateAsync(changed).ConfigureAwait(false);
                break;
            case ParticipantsChanged roster:
                await ApplyRosterAsync(roster).ConfigureAwait(false);
                break;
            case ToneReceived tone:
                Remember("tone", tone.Tone.ToString());
                await InvokeAsync(nameof(CallHandler.OnToneReceivedAsync), (h, ct) => h.OnToneReceivedAsync(this, tone.Tone, ct)).ConfigureAwait(false);
                break;
            case ContentSharingChanged sharing:
                Remember("content-sharing", sharing.Started ? "started" : "ended");
                await InvokeAsync(
                    sharing.Started ? nameof(CallHandler.OnContentSharingStartedAsync) : nameof(CallHandler.OnContentSharingEndedAsync),
                    (h, ct) => sharing.Started ? h.OnContentSharingStartedAsync(this, sharing.SessionId, ct) : h.OnContentSharingEndedAsync(this, sharing.SessionId, ct)).ConfigureAwait(false);
                break;
            case JoiningDecided joining:
                await ApplyJoiningAsync(joining).ConfigureAwait(false);
                break;
        }
    }

    private async Task ApplyStateAsync(CallStateChanged changed)
    {
        var current = State;
        if (!IsForward(current, changed.State))
        {
            CallManagerLog.StaleState(_logger, changed.State, current);
            return;
        }

        Volatile.Write(ref _state, (int)changed.State);
        CallManagerLog.StateChanged(_logger, changed.State);
        Remember("state", changed.State.ToString());
        if (changed.State == CallState.Established && _establishedAt is null)
        {
            _establishedAt = _owner.TimeProvider.GetUtcNow();
            StartKeepAlive();
            await InvokeAsync(nameof(CallHandler.OnEstablishedAsync), (h, ct) => h.OnEstablishedAsync(this, ct)).ConfigureAwait(false);
        }
        else if (changed.State == CallState.Terminated)
        {
            _termination = changed.Termination ?? _termination;
            await DeliverTerminatedAsync().ConfigureAwait(false);
        }
    }

    private static bool IsForward(CallState current, CallState next)
    {
        if (next == current)
        {
            return false;
        }

        static int Rank(CallState s) => s switch
        {
            CallState.Incoming => 0,
            CallState.Establishing => 1,
            CallState.Established or CallState.Hold => 2,
            CallState.TransferAccepted or CallState.Redirecting => 3,
            CallState.Terminating => 4,
            _ => 5,
        };

        return Rank(next) > Rank(current) || (Rank(next) == 2 && Rank(current) == 2);
    }

    private async Task ApplyRosterAsync(ParticipantsChanged roster)
    {
        foreach (var joined in roster.Joined)
        {
            if (_participants.TryAdd(joined.Id, joined))
            {
                Remember("participant-joined", joined.Identity.ToString());
                await InvokeAsync(nameof(CallHandler.OnParticipantJoinedAsync), (h, ct) => h.OnParticipantJoinedAsync(this, joined, ct)).ConfigureAwait(false);
            }
            else
            {
                _participants[joined.Id] = joined;
            }
        }

        foreach (var updated in roster.Updated)
        {
            var muteChanged = _participants.TryGetValue(updated.Id, out var before) && before.IsMuted != updated.IsMuted;
            _participants[updated.Id] = updated;
            if (muteChanged)
            {
                Remember("participant-mute", $"{updated.Identity} muted={updated.IsMuted}");
                await InvokeAsync(nameof(CallHandler.OnParticipantMuteChangedAsync), (h, ct) => h.OnParticipantMuteChangedAsync(this, updated, ct)).ConfigureAwait(false);
            }
        }

        foreach (var left in roster.Left)
        {
            ReleaseRecordedParticipant(left.Id);
            if (_participants.TryRemove(left.Id, out var removed))
            {
                Remember("participant-left", removed.Identity.ToString());
                await InvokeAsync(nameof(CallHandler.OnParticipantLeftAsync), (h, ct) => h.OnParticipantLeftAsync(this, removed, ct)).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverTerminatedAsync()
    {
        if (_terminatedDelivered)
        {
            return;
        }

        _terminatedDelivered = true;
        StopKeepAlive();
        var termination = _termination ?? CallTermination.Normal;
        if (_handler is { } handler)
        {
            try
            {
                await handler.OnTerminatedAsync(this, termination, CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                _owner.Metrics.HandlerFailures.Add(1);
                CallManagerLog.HandlerFailed(_logger, exception, HandlerName, nameof(CallHandler.OnTerminatedAsync));
            }
        }
    }

    private async Task InvokeAsync(string callback, Func<CallHandler, CancellationToken, Task> invoke)
    {
        if (_handler is not { } handler || _handlerFaulted || _ended.IsCancellationRequested)
        {
            return;
        }

        try
        {
            await invoke(handler, _ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
            // The call ended while the handler was busy: expected, not a failure.
        }
        catch (Exception exception)
        {
            await FailHandlerAsync(callback, exception).ConfigureAwait(false);
        }
    }

    private async Task FailHandlerAsync(string callback, Exception exception)
    {
        _handlerFaulted = true;
        _owner.Metrics.HandlerFailures.Add(1);
        CallManagerLog.HandlerFailed(_logger, exception, HandlerName, callback);
        Remember("handler-failed", $"{callback}: {exception.GetType().Name}");
        _termination ??= CallTermination.HandlerFailed;
        using var timeout = new CancellationTokenSource(_owner.Options.HousekeepingTimeout, _owner.TimeProvider);
        try
        {
            await _platform.HangUpAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception hangUpFailure)
        {
            CallManagerLog.HangUpFailed(_logger, hangUpFailure);
        }
    }

    private async Task FinishAsync()
    {
        CancelEnded();
        _work.Writer.TryComplete();
        if (State != CallState.Terminated)
        {
            Volatile.Write(ref _state, (int)CallState.Terminated);
            Remember("state", nameof(CallState.Terminated));
        }

        await DeliverTerminatedAsync().ConfigureAwait(false);
        StopKeepAlive();
        if (_handler is IAsyncDisposable asyncDisposable)
        {
            try
            {
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                CallManagerLog.HandlerFailed(_logger, exception, HandlerName, nameof(IAsyncDisposable.DisposeAsync));
            }
        }
        else if (_handler is IDisposable disposable)
        {
            try
            {
                disposable.Dispose();
            }
            catch (Exception exception)
            {
                CallManagerLog.HandlerFailed(_logger, exception, HandlerName, nameof(IDisposable.Dispose));
            }
        }

        if (_platform is IPlatformCallMedia media)
        {
            try
            {
                await media.CloseMediaAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                CallManagerLog.HandlerFailed(_logger, exception, "media", nameof(IPlatformCallMedia.CloseMediaAsync));
            }
        }

        try
        {
            _platform.Release();
        }
        catch (Exception exception)
        {
            CallManagerLog.HandlerFailed(_logger, exception, "platform", nameof(IPlatformCall.Release));
        }

        var endedAt = _owner.TimeProvider.GetUtcNow();
        var termination = _termination ?? CallTermination.Normal;
        CallManagerLog.CallRemoved(_logger, (endedAt - CreatedAt).TotalSeconds, _outcome, termination.Code, termination.Subcode);
        CallEventRecord[] events;
        lock (_recentGate)
        {
            events = _recent.ToArray();
        }

        _owner.History.Record(new CallRecord(CallId, Direction, TenantId, _outcome, CreatedAt, _establishedAt, endedAt, termination, events));
    }

    private void CancelEnded()
    {
        try
        {
            _ended.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    private void StartKeepAlive()
    {
        var interval = _owner.Options.KeepAliveInterval;
        _keepAliveTimer = _owner.TimeProvider.CreateTimer(static state => ((CallSession)state!).SendKeepAlive(), this, interval, interval);
    }

    private void StopKeepAlive()
    {
        _keepAliveTimer?.Dispose();
        _keepAliveTimer = null;
    }

    private void SendKeepAlive() => _ = SendKeepAliveAsync();

    private async Task SendKeepAliveAsync()
    {
        using var scope = _logger.BeginScope(_scope);
        using var timeout = new CancellationTokenSource(_owner.Options.HousekeepingTimeout, _owner.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, _ended.Token);
        try
        {
            await _platform.KeepAliveAsync(linked.Token).ConfigureAwait(false);
            Remember("keep-alive", "sent");
        }
        catch (OperationCanceledException) when (_ended.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            CallManagerLog.KeepAliveFailed(_logger, exception);
        }
    }

    internal void Remember(string kind, string detail)
    {
        var record = new CallEventRecord(_owner.TimeProvider.GetUtcNow(), kind, detail);
        lock (_recentGate)
        {
            _recent.Enqueue(record);
            while (_recent.Count > _owner.Options.RecentEventLimit)
            {
                _recent.Dequeue();
            }
        }
    }

    private sealed class ReapWork
    {
        public static readonly ReapWork Instance = new();
    }

    private sealed class DecisionWork(CallDecision? decision)
    {
        public static readonly DecisionWork Routed = new(null);

        public CallDecision? Decision { get; } = decision;
    }
}
