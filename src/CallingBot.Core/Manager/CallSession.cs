using System.Collections.Concurrent;
using System.Diagnostics;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Threading;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Manager;

/// <summary>
/// One call held by the manager: its state, its handler, and the loop that feeds the handler one event at a time.
/// Events arrive on the notification path through <see cref="Post"/>, which never blocks; the loop runs once the
/// manager has registered the session and called <see cref="Start"/>.
/// </summary>
/// <remarks>
/// The loop is the only writer of the call's decision, outcome and termination. Other threads post work, with two
/// exceptions that must act at once: a key goes to the key buffer, and a termination (reported by the service, or a
/// hang-up by the bot) cancels <see cref="CallEnded"/> and is published, first one wins, for the loop to fold in.
/// </remarks>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA2213:Disposable fields should be disposed", Justification = "CallEnded tokens stay observable after the call ends.")]
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The cancellation source has no timer; its token must stay readable after the call ends.")]
internal sealed partial class CallSession : ICallContext
{
    private readonly CallManager _owner;
    private readonly IPlatformCall _platform;
    private readonly ILogger _logger;
    private readonly SerialWorkQueue<CallWork> _work;
    private readonly TaskCompletionSource _removed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _ended = new();
    /// <summary>Written by the loop, read from anywhere without a lock; a call has a handful of participants.</summary>
    private readonly ParticipantRoster _participants = new();
    private readonly Queue<RecentEvent> _recent = new();
    private readonly Lock _recentGate = new();
    private readonly ToneBuffer _tones = new();
    private readonly CallLogScope _scope;
    private readonly Lock _joiningGate = new();
    /// <summary>The participants a policy-recording call accepted (made with its first); under <see cref="_joiningGate"/>.</summary>
    private HashSet<string>? _acceptedJoiners;
    private readonly Lock _hangUpGate = new();
    private ConcurrentDictionary<string, object?>? _items;
    private Task? _hangUp;
    private volatile CallHandler? _handler;
    private HandlerBindings.Binding? _handlerBinding;
    private ITimer? _keepAliveTimer;
    private volatile bool _tonesSubscribed;
    private int _awaitingEstablishment;
    private bool _dropNow;
    private int _dropRequested;
    private TimeSpan? _terminationBudget;
    private bool _handlerFaulted;
    private bool _terminatedDelivered;
    private int _state;
    private CallTermination? _termination;
    private CallTermination? _reportedTermination;
    private DateTimeOffset? _establishedAt;
    private CallOutcome _outcome;
    private int _participantCapacity;
    private int _recordingStatus = -1;

    /// <param name="handlerBinding">How the manager bound <paramref name="handler"/> to this call; released when the call leaves.</param>
    /// <param name="caller">Who places a call the bot places (its source); for an incoming call, its caller is taken from <paramref name="incoming"/>.</param>
    /// <param name="callees">Who a call the bot places rings; for an incoming call, its callee is taken from <paramref name="incoming"/>.</param>
    public CallSession(
        CallManager owner,
        IPlatformCall platform,
        CallDirection direction,
        IncomingCallInfo? incoming,
        CallHandler? handler,
        MediaHosting media,
        HandlerBindings.Binding? handlerBinding = null,
        ParticipantIdentity? caller = null,
        IReadOnlyList<ParticipantIdentity>? callees = null)
    {
        _owner = owner;
        _platform = platform;
        Direction = direction;
        Incoming = incoming;
        _handler = handler;
        _handlerBinding = handlerBinding;
        Media = media;
        _state = (int)(direction == CallDirection.Incoming ? CallState.Incoming : CallState.Establishing);
        _awaitingEstablishment = direction == CallDirection.Incoming ? 1 : 0;
        _outcome = direction == CallDirection.Incoming ? CallOutcome.Undecided : CallOutcome.Placed;
        CreatedAt = owner.TimeProvider.GetUtcNow();
        _scope = new CallLogScope(platform.CallId);
        _logger = owner.Logger;
        _work = new SerialWorkQueue<CallWork>(HandleAsync);
        Caller = incoming?.Caller ?? caller;
        Callees = incoming is null ? callees ?? [] : incoming.Callee is { } callee ? [callee] : [];
    }

    /// <summary>An established call the bot takes over: it starts established, with the service's roster and the saved state.</summary>
    public CallSession(CallManager owner, IPlatformCall platform, AdoptedCallInfo adopted, IReadOnlyList<ParticipantInfo> roster, DateTimeOffset? establishedAt)
        : this(owner, platform, adopted.Direction, incoming: null, handler: null, adopted.Media)
    {
        _state = (int)CallState.Established;
        _awaitingEstablishment = 0;
        _outcome = CallOutcome.Adopted;
        _establishedAt = establishedAt ?? owner.TimeProvider.GetUtcNow();
        _savedState = adopted.SavedState;
        foreach (var participant in roster)
        {
            _participants.Set(participant);
        }
    }

    public string CallId => _platform.CallId;

    public CallDirection Direction { get; }

    public CallState State => (CallState)Volatile.Read(ref _state);

    public string? TenantId => _platform.TenantId ?? Incoming?.TenantId;

    public MediaHosting Media { get; private set; }

    public IncomingCallInfo? Incoming { get; }

    public IReadOnlyCollection<ParticipantInfo> Participants => [.. _participants.Current];

    public CancellationToken CallEnded => _ended.Token;

    /// <summary>Created when a handler first uses it: most calls never do.</summary>
    public IDictionary<string, object?> Items => LazyInitializer.EnsureInitialized(ref _items, static () => new ConcurrentDictionary<string, object?>(StringComparer.Ordinal));

    public DateTimeOffset CreatedAt { get; }

    /// <summary>Who called (for the history): an incoming call's caller, or the source of a call the bot placed.</summary>
    public ParticipantIdentity? Caller { get; }

    /// <summary>Who was called (for the history): an incoming call's callee, or the targets of a call the bot placed.</summary>
    public IReadOnlyList<ParticipantIdentity> Callees { get; }

    /// <summary>Completes when the call has been removed and its handler disposed.</summary>
    public Task Completion => _removed.Task;

    /// <summary>The first termination reported from outside the loop (the service's, or the bot's hang-up).</summary>
    private CallTermination? ReportedTermination => Volatile.Read(ref _reportedTermination);

    /// <summary>The termination the handler and the history get.</summary>
    private CallTermination Termination => _termination ?? ReportedTermination ?? CallTermination.Normal;

    public string HandlerName => _handler?.GetType().Name ?? "(none)";

    public CallSnapshot Snapshot()
    {
        var recent = RecentEvents();

        return new CallSnapshot(CallId, Direction, State, TenantId, Media, CreatedAt, HandlerName, _participants.Current.OrderBy(p => p.Id, StringComparer.Ordinal).ToArray(), recent);
    }

    /// <summary>
    /// Queues the decision for an incoming call; it is the first thing the loop does. With <paramref name="decision"/>
    /// (the manager's own, for example busy at capacity) the router is not asked.
    /// </summary>
    public void PostDecision(CallDecision? decision = null) => _work.TryEnqueue(new CallWork.Decide(decision));

    /// <summary>Queues the take-over of an adopted call; it is the first thing the loop does.</summary>
    public void PostAdoption(AdoptedCallInfo info) => _work.TryEnqueue(new CallWork.Adopt(info));

    /// <summary>
    /// Starts the call's loop, once the manager holds the session: work posted before waits and runs in order. The
    /// session leaves the manager when the loop ends (<see cref="Completion"/>).
    /// </summary>
    public void Start()
    {
        // The loop outlives the request that created the call: it captures nothing of its execution context (its span,
        // which must not be the parent of everything the call does, and its logging scopes, which the call would keep
        // for as long as it lives). Each work item carries the span it was queued under and opens the call's logging
        // scope itself (HandleAsync).
        DetachedExecution.Run(this, static session =>
        {
            session._work.Start();
            _ = session.LeaveWhenDoneAsync();
        });
    }

    /// <summary>Accepts an event from the notification path. Keys and termination take effect at once.</summary>
    public void Post(CallEvent callEvent)
    {
        switch (callEvent)
        {
            case ToneReceived tone:
                _tones.Add(tone.Tone);
                break;
            case CallStateChanged { State: CallState.Terminated } terminated:
                ReportTermination(terminated.Termination);
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

        if (!_work.TryEnqueue(new CallWork.Event(callEvent)))
        {
            using (_logger.BeginScope(_scope))
            {
                CallManagerLog.EventAfterEnd(_logger, callEvent.GetType().Name);
            }
        }
    }

    private async ValueTask HandleAsync(CallWork work, CancellationToken stopping)
    {
        // Everything the loop logs names the call.
        using var scope = _logger.BeginScope(_scope);
        using var span = StartSpan(work);
        switch (work)
        {
            case CallWork.Decide decide:
                await (decide.Decision is { } decision ? SendDecisionAsync(decision, Incoming!, span) : DecideAsync(span)).ConfigureAwait(false);
                if (_dropNow)
                {
                    // The service refused the decision as final: nothing more will come for this call.
                    await FinishAsync().ConfigureAwait(false);
                }

                break;
            case CallWork.Adopt adopt:
                await AdoptAsync(adopt.Info, span).ConfigureAwait(false);
                break;
            case CallWork.Reap:
                DropNotEstablished();
                await FinishAsync().ConfigureAwait(false);
                break;
            case CallWork.Abandon:
                DropUnconfirmed();
                await FinishAsync().ConfigureAwait(false);
                break;
            case CallWork.HandOver:
                await PrepareHandOverAsync().ConfigureAwait(false);
                await FinishAsync().ConfigureAwait(false);
                break;
            case CallWork.Event { CallEvent: CallRemoved }:
                await FinishAsync().ConfigureAwait(false);
                break;
            case CallWork.Event { CallEvent: var callEvent }:
                await ApplyAsync(callEvent).ConfigureAwait(false);
                break;
            case CallWork.Joining joining:
                await ApplyJoiningAsync(joining).ConfigureAwait(false);
                break;
        }
    }

    /// <summary>
    /// The span of one work item, under the span the item was queued under: <c>call.decision</c> for a decision,
    /// <c>call.event</c> for an event or a joining participant's callback; none for housekeeping.
    /// </summary>
    private Activity? StartSpan(CallWork work)
    {
        var name = work switch
        {
            CallWork.Decide or CallWork.Adopt => CallingBotActivity.CallDecisionSpan,
            CallWork.Event or CallWork.Joining => CallingBotActivity.CallEventSpan,
            _ => null,
        };
        if (name is null || CallingBotActivity.Source.StartActivity(name, ActivityKind.Internal, work.Parent) is not { } span)
        {
            return null;
        }

        span.SetTag(CallingBotActivity.CallIdTag, CallId);
        switch (work)
        {
            case CallWork.Event { CallEvent: var callEvent }:
                span.SetTag(CallingBotActivity.EventTag, DescribeEvent(callEvent));
                if (callEvent is CallStateChanged changed)
                {
                    span.SetTag(CallingBotActivity.StateTag, changed.State.ToString());
                }

                break;
            case CallWork.Joining:
                span.SetTag(CallingBotActivity.EventTag, "participant-joining");
                break;
        }

        return span;
    }

    /// <summary>The kind of an event for its span; never its content (a key pressed may be part of a PIN).</summary>
    private static string DescribeEvent(CallEvent callEvent) => callEvent switch
    {
        CallStateChanged => "state",
        ParticipantsChanged => "participants",
        ToneReceived => "tone",
        ContentSharingChanged => "content-sharing",
        CallRemoved => "removed",
        _ => callEvent.GetType().Name,
    };

    private async Task LeaveWhenDoneAsync()
    {
        try
        {
            await _work.Completion.ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            using (_logger.BeginScope(_scope))
            {
                CallManagerLog.CallLoopFailed(_logger, exception);
            }
        }
        finally
        {
            _owner.Remove(this);
            _removed.TrySetResult();
        }
    }

    private async Task DecideAsync(Activity? span)
    {
        var info = Incoming!;
        var budget = info.PolicyRecording is null ? _owner.Options.DecisionBudget : _owner.Options.PolicyRecordingDecisionBudget;
        var remaining = budget - (_owner.TimeProvider.GetUtcNow() - info.ReceivedAt);
        CallDecision? decision = null;
        using var budgetSource = new CancellationTokenSource(remaining > TimeSpan.Zero ? remaining : TimeSpan.Zero, _owner.TimeProvider);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(budgetSource.Token, _ended.Token);
        try
        {
            var routed = await _owner.Router.RouteAsync(info, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
            if (routed is AnswerDecision answer)
            {
                var binding = new HandlerBindings.Binding(CallId);
                if (_owner.Handlers.TryBind(answer.Handler, binding) is { } refused)
                {
                    // Handled like a router that threw: logged with the reason, then the undecided action applies.
                    throw refused;
                }

                _handlerBinding = binding;
            }

            decision = routed;
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
            span?.SetTag(CallingBotActivity.DecisionTag, "none");
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
            _outcome = CallOutcome.Ignored;
            span?.SetTag(CallingBotActivity.DecisionTag, "none");
            return;
        }

        await SendDecisionAsync(decision, info, span).ConfigureAwait(false);
    }

    private async Task SendDecisionAsync(CallDecision decision, IncomingCallInfo info, Activity? span)
    {
        var name = DescribeDecision(decision);
        span?.SetTag(CallingBotActivity.DecisionTag, decision switch
        {
            AnswerDecision => "answer",
            RejectDecision => "reject",
            RedirectDecision => "redirect",
            _ => decision.GetType().Name,
        });
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
                    _outcome = CallOutcome.Answered;
                    break;
                case RejectDecision reject:
                    await _platform.RejectAsync(reject.Reason, deadline.Token).ConfigureAwait(false);
                    _outcome = CallOutcome.Rejected;
                    break;
                case RedirectDecision redirect:
                    await _platform.RedirectAsync(redirect.Options, deadline.Token).ConfigureAwait(false);
                    _outcome = CallOutcome.Redirected;
                    break;
                default:
                    throw new InvalidOperationException($"Unknown decision {decision.GetType().Name}.");
            }

            var elapsed = (_owner.TimeProvider.GetUtcNow() - info.ReceivedAt).TotalMilliseconds;
            _owner.Metrics.Decisions.Add(1, new KeyValuePair<string, object?>("outcome", _outcome.ToName()));
            _owner.Metrics.DecisionTime.Record(elapsed);
            if (_outcome == CallOutcome.Answered)
            {
                _owner.Metrics.AnswerLatency.Record(elapsed / 1000);
            }

            CallManagerLog.DecisionSent(_logger, name, elapsed);
            Remember("decision", name);
        }
        catch (PlatformException exception) when (exception.IsTerminalForCall)
        {
            // Unknown to the service, gone, or not the bot's: waiting for notifications about it would hold it forever.
            _outcome = CallOutcome.DecisionFailed;
            _owner.Metrics.DecisionFailures.Add(1);
            _owner.Metrics.DroppedCalls.Add(1, new KeyValuePair<string, object?>("reason", "refused-by-service"));
            CallManagerLog.DecisionRefused(_logger, name, exception.Kind, exception.Message);
            CallingBotActivity.SetError(span, exception);
            Remember("decision", $"{name} refused: {exception.Kind}");
            SetTerminationUnlessKnown(CallTermination.RefusedByService);
            _dropNow = true;
        }
        catch (Exception exception) when (_ended.IsCancellationRequested && exception is PlatformException or OperationCanceledException)
        {
            // The caller hung up (or the service ended the call) while the decision was on its way: an expected race,
            // not a failure of the bot; there is nobody left to reject.
            _outcome = CallOutcome.DecisionFailed;
            var reason = exception is PlatformException platform ? platform.Kind.ToString() : "cancelled";
            CallManagerLog.DecisionOvertakenByEnd(_logger, name, reason);
            Remember("decision", $"{name} not sent: the call ended first");
        }
        catch (Exception exception)
        {
            _outcome = CallOutcome.DecisionFailed;
            _owner.Metrics.DecisionFailures.Add(1);
            CallManagerLog.DecisionFailed(_logger, exception, name);
            CallingBotActivity.SetError(span, exception);
            Remember("decision", $"{name} failed: {(exception is PlatformException platform ? platform.Kind.ToString() : exception.GetType().Name)}");
            if (decision is AnswerDecision && !deadline.IsCancellationRequested)
            {
                await RejectAfterFailedAnswerAsync(deadline.Token).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// An answer that could not be sent (the service kept failing) is followed by a reject while the decision deadline
    /// allows it, so the caller hears the call end instead of ringing until the service gives up.
    /// </summary>
    private async Task RejectAfterFailedAnswerAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _platform.RejectAsync(RejectReason.None, cancellationToken).ConfigureAwait(false);
            CallManagerLog.RejectedAfterFailedAnswer(_logger);
            Remember("decision", "reject after failed answer");
        }
        catch (Exception exception) when (exception is PlatformException or OperationCanceledException)
        {
            CallManagerLog.RejectAfterFailedAnswerFailed(_logger, exception is PlatformException platform ? platform.Kind.ToString() : "deadline passed");
            Remember("decision", "reject after failed answer failed");
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
        if (Interlocked.Exchange(ref _dropRequested, 1) == 0)
        {
            CancelEnded();
            _work.TryEnqueue(new CallWork.Reap());
        }
    }

    /// <summary>
    /// Drops the call at the end of a drain (its loop finishes it) without any further request to the service: the
    /// bot's hang-up was not confirmed in time, or could not be sent. The handler's <c>OnTerminatedAsync</c> gets at
    /// most <paramref name="terminationBudget"/>. True when this call asked for the drop (not an earlier one).
    /// </summary>
    public bool Abandon(TimeSpan terminationBudget)
    {
        if (Interlocked.Exchange(ref _dropRequested, 1) != 0)
        {
            return false;
        }

        _terminationBudget = terminationBudget;
        CancelEnded();
        _work.TryEnqueue(new CallWork.Abandon());
        return true;
    }

    /// <summary>
    /// An established service-hosted call with a handler: another instance of the service can continue it from its
    /// record (its media is the service's, not this process's).
    /// </summary>
    public bool CanBeHandedOver => Media == MediaHosting.ServiceHosted && State is CallState.Established or CallState.Hold && _handler is not null;

    /// <summary>
    /// Lets the call go without ending it (its loop stores its record, then finishes it without any request to the
    /// service): another instance of the service takes it over. The handler's <c>OnTerminatedAsync</c> gets
    /// <see cref="CallTermination.HandedOver"/>. True when this call asked for it (not an earlier drop).
    /// </summary>
    public bool HandOver(TimeSpan terminationBudget)
    {
        if (Interlocked.Exchange(ref _dropRequested, 1) != 0)
        {
            return false;
        }

        _terminationBudget = terminationBudget;
        CancelEnded();
        return _work.TryEnqueue(new CallWork.HandOver());
    }

    private void DropNotEstablished()
    {
        var info = Incoming!;
        var age = _owner.TimeProvider.GetUtcNow() - info.ReceivedAt;
        _owner.Metrics.DroppedCalls.Add(1, new KeyValuePair<string, object?>("reason", "not-established-in-time"));
        CallManagerLog.CallReaped(_logger, age.TotalSeconds, info.DecisionDeadline.TotalSeconds);
        Remember("reaped", "not established in time");
        SetTerminationUnlessKnown(CallTermination.NotEstablishedInTime);
    }

    private void DropUnconfirmed()
    {
        _owner.Metrics.DroppedCalls.Add(1, new KeyValuePair<string, object?>("reason", "shutdown"));
        Remember("dropped", "shutting down; the hang-up was not confirmed");

        // The call may still be up at the service: its record stays, for the next start to settle.
        KeepLiveRecord();

        // The service did not say how the call ended: the bot's own hang-up is not known to have taken effect.
        if (_termination is null && (ReportedTermination is null || ReferenceEquals(ReportedTermination, CallTermination.Normal)))
        {
            _termination = CallTermination.BotShutdown;
        }
    }

    private static string DescribeDecision(CallDecision decision) => decision switch
    {
        // A string per hosting, not per call: the call's recent events keep it for the call's life.
        AnswerDecision { Options.Media: MediaHosting.ServiceHosted } => "answer (ServiceHosted)",
        AnswerDecision { Options.Media: MediaHosting.AppHosted } => "answer (AppHosted)",
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
            RecordLive();
            await InvokeAsync(nameof(CallHandler.OnEstablishedAsync), (h, ct) => h.OnEstablishedAsync(this, ct)).ConfigureAwait(false);
        }
        else if (changed.State == CallState.Terminated)
        {
            _termination = changed.Termination ?? _termination ?? ReportedTermination;
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
            if (_participants.TryAdd(joined))
            {
                Remember("participant-joined", joined.Identity);
                await InvokeAsync(nameof(CallHandler.OnParticipantJoinedAsync), (h, ct) => h.OnParticipantJoinedAsync(this, joined, ct)).ConfigureAwait(false);
            }
            else
            {
                _participants.Set(joined);
            }
        }

        foreach (var updated in roster.Updated)
        {
            var muteChanged = _participants.TryGet(updated.Id, out var before) && before.IsMuted != updated.IsMuted;
            _participants.Set(updated);
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
                Remember("participant-left", removed.Identity);
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
        if (_handler is not { } handler)
        {
            return;
        }

        // The handler gets a token that says "finish promptly", and the call does not wait for it beyond that bound.
        var timeout = _terminationBudget is { } budget && budget < _owner.Options.HandlerTerminationTimeout ? budget : _owner.Options.HandlerTerminationTimeout;
        using var bound = new CancellationTokenSource(timeout, _owner.TimeProvider);
        Task terminated;
        try
        {
            terminated = handler.OnTerminatedAsync(this, Termination, bound.Token);
        }
        catch (Exception exception)
        {
            _owner.Metrics.HandlerFailures.Add(1);
            CallManagerLog.HandlerFailed(_logger, exception, HandlerName, nameof(CallHandler.OnTerminatedAsync));
            return;
        }

        try
        {
            await terminated.WaitAsync(bound.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (bound.IsCancellationRequested)
        {
            CallManagerLog.HandlerTerminationTimedOut(_logger, HandlerName, timeout.TotalSeconds);
            Remember("handler-timeout", nameof(CallHandler.OnTerminatedAsync));
            ObserveAbandoned(terminated);
        }
        catch (Exception exception)
        {
            _owner.Metrics.HandlerFailures.Add(1);
            CallManagerLog.HandlerFailed(_logger, exception, HandlerName, nameof(CallHandler.OnTerminatedAsync));
        }
    }

    /// <summary>A termination callback the call stopped waiting for may still fail later: its failure is observed and logged.</summary>
    private void ObserveAbandoned(Task terminated) =>
        _ = terminated.ContinueWith(
            static (task, state) =>
            {
                var session = (CallSession)state!;
                using (session._logger.BeginScope(session._scope))
                {
                    CallManagerLog.HandlerFailed(session._logger, task.Exception!.GetBaseException(), session.HandlerName, nameof(CallHandler.OnTerminatedAsync));
                }
            },
            this,
            CancellationToken.None,
            TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);

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
        SetTerminationUnlessKnown(CallTermination.HandlerFailed);
        using var timeout = new CancellationTokenSource(_owner.Options.HousekeepingTimeout, _owner.TimeProvider);
        try
        {
            await SendHangUpAsync("after the handler failed", timeout.Token).ConfigureAwait(false);
        }
        catch (Exception hangUpFailure)
        {
            CallManagerLog.HangUpFailed(_logger, hangUpFailure);
        }
    }

    private async Task FinishAsync()
    {
        CancelEnded();

        // Nothing more is taken; items still queued are dropped once this one returns.
        _work.Stop();
        if (State != CallState.Terminated)
        {
            Volatile.Write(ref _state, (int)CallState.Terminated);
            Remember("state", nameof(CallState.Terminated));
        }

        await DeliverTerminatedAsync().ConfigureAwait(false);
        StopKeepAlive();
        ForgetLive();
        if (_handler is { } handler)
        {
            await DisposeHandlerAsync(handler).ConfigureAwait(false);
            if (_handlerBinding is { } binding)
            {
                _owner.Handlers.Release(handler, binding, disposed: handler is IAsyncDisposable or IDisposable);
            }
        }

        MediaStatisticsSnapshot? mediaQuality = null;
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

            try
            {
                mediaQuality = media.MediaStatistics;
            }
            catch (Exception exception)
            {
                CallManagerLog.HandlerFailed(_logger, exception, "media", nameof(IPlatformCallMedia.MediaStatistics));
            }
        }

        // Read while the adapter still holds the call.
        string? correlationId = null;
        try
        {
            correlationId = _platform.CorrelationId;
        }
        catch (Exception exception)
        {
            CallManagerLog.HandlerFailed(_logger, exception, "platform", nameof(IPlatformCall.CorrelationId));
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
        var termination = Termination;
        var outcome = _outcome.ToName();
        CallManagerLog.CallRemoved(_logger, (endedAt - CreatedAt).TotalSeconds, outcome, termination.Code, termination.Subcode);
        var events = RecentEvents();

        var recordingStatus = Volatile.Read(ref _recordingStatus);
        _owner.History.Record(new CallRecord(CallId, Direction, TenantId, outcome, CreatedAt, _establishedAt, endedAt, termination, events)
        {
            CorrelationId = correlationId,
            Caller = Caller,
            Callees = Callees,
            HandlerName = _handler?.GetType().Name,
            Media = Media,
            RecordingStatus = recordingStatus < 0 ? null : (RecordingStatus)recordingStatus,
            MediaQuality = mediaQuality,
        });
    }

    private async Task DisposeHandlerAsync(CallHandler handler)
    {
        if (handler is IAsyncDisposable asyncDisposable)
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
        else if (handler is IDisposable disposable)
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
    }

    /// <summary>From any thread: the first termination reported wins; the loop folds it into its own.</summary>
    private void ReportTermination(CallTermination? termination)
    {
        if (termination is not null)
        {
            Interlocked.CompareExchange(ref _reportedTermination, termination, null);
        }
    }

    /// <summary>On the loop: the call ends for <paramref name="reason"/> unless a termination is already known.</summary>
    private void SetTerminationUnlessKnown(CallTermination reason) => _termination ??= ReportedTermination ?? reason;

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
        // The timer outlives the event that started it: it captures nothing of its context (its keepAlives are not
        // part of that event's trace; each opens the call's logging scope itself).
        DetachedExecution.Run(this, static session =>
        {
            var interval = session._owner.Options.KeepAliveInterval;
            session._keepAliveTimer = session._owner.TimeProvider.CreateTimer(static state => ((CallSession)state!).SendKeepAlive(), session, interval, interval);
        });
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

    /// <summary>Remembers the recording status the service accepted, for the history.</summary>
    private void SetRecordingStatus(RecordingStatus status)
    {
        Volatile.Write(ref _recordingStatus, (int)status);
        RecordRecordingStatus();
    }

    internal void Remember(string kind, string detail) => Remember(new RecentEvent(_owner.TimeProvider.GetUtcNow().UtcTicks, kind, detail));

    /// <summary>Remembers an event about a participant; its detail, the identity's text, is made when the events are read.</summary>
    private void Remember(string kind, ParticipantIdentity identity) => Remember(new RecentEvent(_owner.TimeProvider.GetUtcNow().UtcTicks, kind, identity));

    private void Remember(RecentEvent recent)
    {
        lock (_recentGate)
        {
            _recent.Enqueue(recent);
            while (_recent.Count > _owner.Options.RecentEventLimit)
            {
                _recent.Dequeue();
            }
        }
    }

    private CallEventRecord[] RecentEvents()
    {
        RecentEvent[] recent;
        lock (_recentGate)
        {
            recent = _recent.ToArray();
        }

        return Array.ConvertAll(recent, e => new CallEventRecord(new DateTimeOffset(e.UtcTicks, TimeSpan.Zero), e.Kind, e.Detail.ToString()!));
    }

    /// <summary>
    /// An event of the call's recent history as the call holds it: when (UTC ticks), and its detail a string, or an
    /// immutable object whose text is the detail (a participant's identity), made only when the history is read. The
    /// bot holds every call's recent events for the call's life: each participant's identity text would be a string
    /// more per call.
    /// </summary>
    private readonly record struct RecentEvent(long UtcTicks, string Kind, object Detail);
}
