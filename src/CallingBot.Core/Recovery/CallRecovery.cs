using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Manager;
using CallingBot.Core.Platform;
using CallingBot.Core.Registry;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Recovery;

/// <summary>
/// The one adopt-or-hang-up path for calls of the bot's application that this process does not hold: the calls
/// recorded before a restart, a call a notification names that nobody holds, and a call an operator ends by id. For
/// each it asks the calling service for the call; a call the service no longer has is forgotten, an established
/// service-hosted call is taken over (or hung up, by configuration), anything else is hung up.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The semaphore's wait handle is never created; it lives as long as the call manager.")]
internal sealed partial class CallRecovery
{
    private readonly CallManager _manager;
    private readonly ICallingPlatform _platform;
    private readonly ICallRegistry _registry;
    private readonly CallRecoveryOptions _options;
    private readonly LiveCallJournal? _journal;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<string, Task<ReconcileResult>> _inFlight = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Unknown calls waiting for a reconciliation slot at most; more are deferred to their next notification.</summary>
    private int MaxPending => _options.MaxConcurrentReconciliations * 8;

    public CallRecovery(CallManager manager, ICallingPlatform platform, ICallRegistry registry, CallRecoveryOptions options, LiveCallJournal? journal, ILogger logger)
    {
        _manager = manager;
        _platform = platform;
        _registry = registry;
        _options = options;
        _journal = journal;
        _logger = logger;
        _slots = new SemaphoreSlim(options.MaxConcurrentReconciliations);
    }

    /// <summary>Reconciles every call recorded before this process started; completes when all are settled.</summary>
    public async Task RecoverRecordedAsync(CancellationToken cancellationToken)
    {
        if (_journal is null)
        {
            return;
        }

        var records = await _journal.Store.LoadAllAsync(cancellationToken).ConfigureAwait(false);
        Log.RecoveryStarted(_logger, records.Count, _options.OnRestart);
        var results = await Task.WhenAll(records.Select(r => ReconcileAsync(r.CallId, r.TenantId, r, AdoptionReason.Restart, endOnly: false))).ConfigureAwait(false);
        Log.RecoveryFinished(
            _logger,
            results.Count(r => r == ReconcileResult.Adopted),
            results.Count(r => r == ReconcileResult.HungUp),
            results.Count(r => r == ReconcileResult.Gone),
            results.Count(r => r is ReconcileResult.Failed or ReconcileResult.Skipped));
    }

    /// <summary>
    /// A notification named <paramref name="callId"/>, which this process neither holds nor ended: reconcile it in the
    /// background (once, however many notifications name it meanwhile). Returns at once.
    /// </summary>
    public void ReconcileUnknown(string callId, string tenantId)
    {
        if (!_options.ReconcileUnknownCalls || _registry.GetStatus(callId) != CallStatus.Unknown)
        {
            return;
        }

        if (!_registry.KnowsAllCalls)
        {
            // Another instance may hold the call; the cluster routes its notifications to the owner.
            return;
        }

        if (_registry.IsPlacing)
        {
            // The notification may belong to a call being placed whose id the service has not returned yet.
            Log.Skipped(_logger, callId, "a call is being placed");
            return;
        }

        if (_inFlight.Count >= MaxPending)
        {
            // A flood of unknown ids (a misrouted service, a replaying sender) must not queue unbounded work: the next
            // notification for a genuine call tries again.
            _manager.Metrics.Reconciliations.Add(1, new KeyValuePair<string, object?>("result", "deferred"));
            Log.Skipped(_logger, callId, $"{MaxPending} reconciliations are pending");
            return;
        }

        _ = ReconcileAsync(callId, tenantId, record: null, AdoptionReason.Unrecorded, endOnly: false);
    }

    /// <summary>Ends a call of the bot's application this process does not hold. False when the service has no such call.</summary>
    public async Task<bool> EndUnheldAsync(string callId, string? tenantId)
    {
        var result = await ReconcileAsync(callId, tenantId, record: null, AdoptionReason.Unrecorded, endOnly: true).ConfigureAwait(false);
        return result switch
        {
            ReconcileResult.HungUp => true,
            ReconcileResult.Gone => false,
            ReconcileResult.Adopted => throw new InvalidOperationException($"Call {callId} was taken over instead of ended."),
            _ => throw new PlatformException(PlatformErrorKind.Unavailable, $"Call {callId} could not be ended: the calling service could not be asked."),
        };
    }

    /// <summary>
    /// Takes over a call another process of the service held (<paramref name="reason"/>: it died, or handed the call
    /// over), from the call's record when the store has one; completes once the call is settled.
    /// </summary>
    public async Task<TakeOverResult> TakeOverAsync(string callId, string? tenantId, AdoptionReason reason)
    {
        var result = await ReconcileAsync(callId, tenantId, record: null, reason, endOnly: false).ConfigureAwait(false);
        return result switch
        {
            ReconcileResult.Adopted => TakeOverResult.Adopted,
            ReconcileResult.HungUp => TakeOverResult.HungUp,
            ReconcileResult.Gone => TakeOverResult.Gone,
            ReconcileResult.Skipped => _registry.GetStatus(callId) switch
            {
                CallStatus.Live => TakeOverResult.Adopted,
                CallStatus.Ended => TakeOverResult.Gone,
                _ => TakeOverResult.NotSettled,
            },
            _ => TakeOverResult.NotSettled,
        };
    }

    private Task<ReconcileResult> ReconcileAsync(string callId, string? tenantId, LiveCallRecord? record, AdoptionReason reason, bool endOnly)
    {
        var created = new TaskCompletionSource<ReconcileResult>(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = _inFlight.GetOrAdd(callId, created.Task);
        if (!ReferenceEquals(running, created.Task))
        {
            return running;
        }

        _ = RunAsync();
        return created.Task;

        async Task RunAsync()
        {
            var result = ReconcileResult.Failed;
            try
            {
                result = await ReconcileOnceAsync(callId, tenantId, record, reason, endOnly).ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                _manager.Metrics.Reconciliations.Add(1, new KeyValuePair<string, object?>("result", "failed"));
                Log.Failed(_logger, exception, callId);
            }
            finally
            {
                _inFlight.TryRemove(new KeyValuePair<string, Task<ReconcileResult>>(callId, created.Task));
                created.TrySetResult(result);
            }
        }
    }

    private async Task<ReconcileResult> ReconcileOnceAsync(string callId, string? tenantId, LiveCallRecord? record, AdoptionReason reason, bool endOnly)
    {
        await _slots.WaitAsync().ConfigureAwait(false);
        try
        {
            using var timeout = new CancellationTokenSource(_options.ReconciliationTimeout, _manager.TimeProvider);
            if (_registry.GetStatus(callId) != CallStatus.Unknown)
            {
                Log.Skipped(_logger, callId, "the call is live or ended in this process");
                return ReconcileResult.Skipped;
            }

            record ??= _journal is null ? null : await _journal.Store.FindAsync(callId, timeout.Token).ConfigureAwait(false);
            if (record is not null && reason == AdoptionReason.Unrecorded)
            {
                reason = AdoptionReason.Restart;
            }

            var rehydrated = await _platform.RehydrateAsync(callId, tenantId ?? record?.TenantId, timeout.Token).ConfigureAwait(false);
            if (rehydrated is null)
            {
                _registry.MarkEnded(callId);
                _journal?.Remove(callId);
                _manager.Metrics.Reconciliations.Add(1, new KeyValuePair<string, object?>("result", "ended"));
                Log.Gone(_logger, callId);
                return ReconcileResult.Gone;
            }

            var media = record?.Media ?? rehydrated.Media;
            string? hangUpBecause = rehydrated.State switch
            {
                CallState.Terminating or CallState.Terminated => null,
                _ when endOnly => "an operator ended it",
                CallState.Established or CallState.Hold when media == MediaHosting.AppHosted => "its app-hosted media was in the process that held it",
                CallState.Established or CallState.Hold when reason == AdoptionReason.Restart && _options.OnRestart == RecoveryAction.HangUp => "configured to hang up calls held before a restart",
                CallState.Established or CallState.Hold => string.Empty,
                _ => $"it was {rehydrated.State}, not established",
            };

            if (hangUpBecause is null)
            {
                // Ending at the service: its deleted notification will say so; nothing to take over.
                _registry.MarkEnded(callId);
                _journal?.Remove(callId);
                rehydrated.Call.Release();
                _manager.Metrics.Reconciliations.Add(1, new KeyValuePair<string, object?>("result", "ended"));
                Log.Gone(_logger, callId);
                return ReconcileResult.Gone;
            }

            if (hangUpBecause.Length > 0)
            {
                await HangUpAsync(rehydrated, record, reason, hangUpBecause, timeout.Token).ConfigureAwait(false);
                return ReconcileResult.HungUp;
            }

            var info = new AdoptedCallInfo(
                callId,
                rehydrated.Call.TenantId ?? record?.TenantId ?? tenantId,
                record?.Direction ?? rehydrated.Direction,
                media,
                reason,
                record?.CreatedAt,
                record?.Handler,
                record?.State ?? Handlers.EmptyState.Instance);
            if (!_manager.Adopt(rehydrated, info, record?.EstablishedAt))
            {
                Log.Skipped(_logger, callId, "the call became live or ended in this process meanwhile");
                return ReconcileResult.Skipped;
            }

            return ReconcileResult.Adopted;
        }
        finally
        {
            _slots.Release();
        }
    }

    private async Task HangUpAsync(RehydratedCall rehydrated, LiveCallRecord? record, AdoptionReason reason, string because, CancellationToken cancellationToken)
    {
        var callId = rehydrated.Call.CallId;

        // Ended first, so the notifications the hang-up causes are dropped as the ended call's.
        _registry.MarkEnded(callId);
        try
        {
            if (record?.RecordingStatus == RecordingStatus.Recording)
            {
                // The recording died with the process that held it: the service (and the call's participants) are told
                // before the call ends, as a policy-recording bot must.
                await ReportRecordingFailedAsync(rehydrated.Call, cancellationToken).ConfigureAwait(false);
            }

            await rehydrated.Call.HangUpAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            rehydrated.Call.Release();
        }

        _journal?.Remove(callId);
        _manager.Metrics.Reconciliations.Add(1, new KeyValuePair<string, object?>("result", "hung-up"));
        Log.HungUp(_logger, callId, because);
        var now = _manager.TimeProvider.GetUtcNow();
        _manager.History.Record(new CallRecord(
            callId,
            record?.Direction ?? rehydrated.Direction,
            rehydrated.Call.TenantId ?? record?.TenantId,
            reason is AdoptionReason.InstanceLost or AdoptionReason.HandedOver ? "hung-up-on-failover" : "hung-up-on-recovery",
            record?.CreatedAt ?? now,
            record?.EstablishedAt,
            now,
            CallTermination.NotTakenOver,
            [new CallEventRecord(now, "recovery", "hung up: " + because)]));
    }

    private async Task ReportRecordingFailedAsync(IPlatformCall call, CancellationToken cancellationToken)
    {
        try
        {
            await call.UpdateRecordingStatusAsync(RecordingStatus.Failed, cancellationToken).ConfigureAwait(false);
            Log.RecordingReportedFailed(_logger, call.CallId);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.RecordingFailureNotReported(_logger, exception, call.CallId);
        }
    }

    private enum ReconcileResult
    {
        Failed,
        Skipped,
        Gone,
        HungUp,
        Adopted,
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = CoreEventIds.RecoveryStarted, EventName = nameof(CoreEventIds.RecoveryStarted), Level = LogLevel.Information, Message = "Reconciling {Count} call(s) held before this start (established service-hosted calls: {Action})")]
        public static partial void RecoveryStarted(ILogger logger, int count, RecoveryAction action);

        [LoggerMessage(EventId = CoreEventIds.RecoveryFinished, EventName = nameof(CoreEventIds.RecoveryFinished), Level = LogLevel.Information, Message = "Calls held before this start reconciled: {Adopted} taken over, {HungUp} hung up, {Gone} already ended, {Failed} not settled")]
        public static partial void RecoveryFinished(ILogger logger, int adopted, int hungUp, int gone, int failed);

        [LoggerMessage(EventId = CoreEventIds.ReconciledCallGone, EventName = nameof(CoreEventIds.ReconciledCallGone), Level = LogLevel.Information, Message = "Call {CallId} is no longer up at the calling service; its record is dropped")]
        public static partial void Gone(ILogger logger, string callId);

        [LoggerMessage(EventId = CoreEventIds.ReconciledCallHungUp, EventName = nameof(CoreEventIds.ReconciledCallHungUp), Level = LogLevel.Warning, Message = "Call {CallId}, not held by this process, was hung up: {Because}")]
        public static partial void HungUp(ILogger logger, string callId, string because);

        [LoggerMessage(EventId = CoreEventIds.ReconciliationFailed, EventName = nameof(CoreEventIds.ReconciliationFailed), Level = LogLevel.Error, Message = "Call {CallId} could not be reconciled; its record is kept and the next notification for it tries again")]
        public static partial void Failed(ILogger logger, Exception exception, string callId);

        [LoggerMessage(EventId = CoreEventIds.RecordingReportedFailed, EventName = nameof(CoreEventIds.RecordingReportedFailed), Level = LogLevel.Warning, Message = "Call {CallId} was being recorded by the process that held it; its recording status was reported failed before the hang-up")]
        public static partial void RecordingReportedFailed(ILogger logger, string callId);

        [LoggerMessage(EventId = CoreEventIds.RecordingFailureNotReported, EventName = nameof(CoreEventIds.RecordingFailureNotReported), Level = LogLevel.Error, Message = "Call {CallId} was being recorded by the process that held it; reporting its recording status as failed did not succeed (the call is hung up anyway)")]
        public static partial void RecordingFailureNotReported(ILogger logger, Exception exception, string callId);

        [LoggerMessage(EventId = CoreEventIds.ReconciliationSkipped, EventName = nameof(CoreEventIds.ReconciliationSkipped), Level = LogLevel.Debug, Message = "Call {CallId} not reconciled: {Why}")]
        public static partial void Skipped(ILogger logger, string callId, string why);
    }
}
