using System.Collections.ObjectModel;
using System.Diagnostics;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Handlers;
using CallingBot.Core.Recovery;

namespace CallingBot.Core.Manager;

/// <summary>
/// What a call keeps so it can be taken over (its live call record and the handler's saved state), and the take-over
/// itself: an adopted call starts established, asks the router for a handler and calls <c>OnAdoptedAsync</c>.
/// </summary>
internal sealed partial class CallSession
{
    internal const int MaxSavedEntries = 64;
    internal const int MaxSavedKeyLength = 128;
    internal const int MaxSavedCharacters = 16 * 1024;

    private IReadOnlyDictionary<string, string> _savedState = EmptyState.Instance;
    private int _recorded;
    private bool _keepRecord;

    public IReadOnlyDictionary<string, string> SavedState => Volatile.Read(ref _savedState);

    public async Task SaveStateAsync(IReadOnlyDictionary<string, string> state, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(state);
        var copy = CheckedCopy(state);
        _ended.Token.ThrowIfCancellationRequested();
        Volatile.Write(ref _savedState, copy);
        Remember("state-saved", $"{copy.Count} entr{(copy.Count == 1 ? "y" : "ies")}");
        if (_owner.Journal is { } journal)
        {
            Interlocked.Exchange(ref _recorded, 1);
            await journal.SaveAndWaitAsync(ToLiveRecord()).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Queues the call's record: it is established (or adopted) and could be taken over from now on.</summary>
    private void RecordLive()
    {
        if (_owner.Journal is { } journal)
        {
            Interlocked.Exchange(ref _recorded, 1);
            journal.Save(ToLiveRecord());
        }
    }

    /// <summary>The call leaves without the service confirming its end: its record is kept for the next start.</summary>
    private void KeepLiveRecord() => _keepRecord = true;

    /// <summary>The call left: its record goes (only a call that was recorded has one), unless it is kept.</summary>
    private void ForgetLive()
    {
        if (!_keepRecord && Interlocked.Exchange(ref _recorded, 0) == 1)
        {
            _owner.Journal?.Remove(CallId);
        }
    }

    /// <summary>
    /// The hand-over's work on the call's loop: its record (with the handler's saved state) is stored and kept, so the
    /// instance that takes the call over finds it; the call then leaves this process without a request to the service.
    /// </summary>
    private async Task PrepareHandOverAsync()
    {
        Remember("handed-over", "to another instance of the service");
        KeepLiveRecord();
        _termination ??= CallTermination.HandedOver;
        if (_owner.Journal is { } journal)
        {
            try
            {
                Interlocked.Exchange(ref _recorded, 1);
                await journal.SaveAndWaitAsync(ToLiveRecord()).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                // The instance taking over finds the record written when the call was established (or none).
                CallManagerLog.HandOverRecordFailed(_logger, exception);
            }
        }

        _owner.Metrics.HandedOver.Add(1);
    }

    private LiveCallRecord ToLiveRecord() =>
        new(CallId, TenantId, Direction, Media, CreatedAt, _establishedAt, _handler?.GetType().FullName, SavedState)
        {
            RecordingStatus = Volatile.Read(ref _recordingStatus) is var status and >= 0 ? (RecordingStatus)status : null,
        };

    /// <summary>The recording status changed: a recorded call's record says so (a successor reports a lost recording as failed).</summary>
    private void RecordRecordingStatus()
    {
        if (_owner.Journal is { } journal && Volatile.Read(ref _recorded) == 1 && !_keepRecord)
        {
            journal.Save(ToLiveRecord());
        }
    }

    private async Task AdoptAsync(AdoptedCallInfo info, Activity? span)
    {
        span?.SetTag(CallingBotActivity.DecisionTag, "adopt");
        CallHandler? handler = null;
        using (var budget = new CancellationTokenSource(_owner.Options.DecisionBudget, _owner.TimeProvider))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(budget.Token, _ended.Token))
        {
            try
            {
                handler = await _owner.Router.AdoptAsync(info, linked.Token).AsTask().WaitAsync(linked.Token).ConfigureAwait(false);
                if (handler is not null)
                {
                    var binding = new HandlerBindings.Binding(CallId);
                    if (_owner.Handlers.TryBind(handler, binding) is { } refused)
                    {
                        throw refused;
                    }

                    _handlerBinding = binding;
                    _handler = handler;
                }
            }
            catch (OperationCanceledException) when (_ended.IsCancellationRequested)
            {
                Remember("adoption", "the call ended first");
                return;
            }
            catch (Exception exception)
            {
                CallManagerLog.AdoptionRouterFailed(_logger, exception);
                handler = null;
            }
        }

        if (handler is null)
        {
            _owner.Metrics.Reconciliations.Add(1, new KeyValuePair<string, object?>("result", "declined"));
            CallManagerLog.AdoptionDeclined(_logger, info.Reason);
            Remember("adoption", "no handler: hanging up");
            SetTerminationUnlessKnown(CallTermination.NotTakenOver);
            await HangUpForHousekeepingAsync().ConfigureAwait(false);
            return;
        }

        _owner.Metrics.Reconciliations.Add(1, new KeyValuePair<string, object?>("result", "adopted"));
        _owner.Metrics.Adoptions.Add(1, new KeyValuePair<string, object?>("reason", ReasonTag(info.Reason)));
        CallManagerLog.CallAdopted(_logger, info.Reason, HandlerName, info.SavedState.Count);
        Remember("adopted", $"{info.Reason} by {HandlerName}");
        StartKeepAlive();
        RecordLive();
        await InvokeAsync(nameof(CallHandler.OnAdoptedAsync), (h, ct) => h.OnAdoptedAsync(this, ct)).ConfigureAwait(false);
    }

    private static string ReasonTag(AdoptionReason reason) => reason switch
    {
        AdoptionReason.Restart => "restart",
        AdoptionReason.InstanceLost => "instance-lost",
        AdoptionReason.HandedOver => "handed-over",
        _ => "unrecorded",
    };

    private async Task HangUpForHousekeepingAsync()
    {
        using var timeout = new CancellationTokenSource(_owner.Options.HousekeepingTimeout, _owner.TimeProvider);
        try
        {
            await _platform.HangUpAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            CallManagerLog.HangUpFailed(_logger, exception);
        }
    }

    private static ReadOnlyDictionary<string, string> CheckedCopy(IReadOnlyDictionary<string, string> state)
    {
        if (state.Count > MaxSavedEntries)
        {
            throw new ArgumentException($"Saved state holds at most {MaxSavedEntries} entries (got {state.Count}).", nameof(state));
        }

        var copy = new Dictionary<string, string>(state.Count, StringComparer.Ordinal);
        var characters = 0;
        foreach (var (key, value) in state)
        {
            if (string.IsNullOrEmpty(key) || key.Length > MaxSavedKeyLength)
            {
                throw new ArgumentException($"Saved state keys must be 1 to {MaxSavedKeyLength} characters.", nameof(state));
            }

            ArgumentNullException.ThrowIfNull(value, $"{nameof(state)}[{key}]");
            characters += key.Length + value.Length;
            if (characters > MaxSavedCharacters)
            {
                throw new ArgumentException($"Saved state holds at most {MaxSavedCharacters} characters of keys and values.", nameof(state));
            }

            copy[key] = value;
        }

        return new ReadOnlyDictionary<string, string>(copy);
    }
}
