using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Media.Threading;
using CallingBot.Recording.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Compliance;

/// <summary>
/// Tells the calling service the truth about a call's recording: <c>recording</c> only after the first audio frame
/// was written to an open file, <c>failed</c> as soon as storage fails, <c>notRecording</c> when recording stops.
/// After a failure it applies the configured <see cref="RecordingFailurePolicy"/>. Updates are sent in order by one
/// owned <see cref="SerialWorkQueue{T}"/>, started by <see cref="Start"/>, so the recorder's events (raised on its
/// writer) never wait for the network.
/// </summary>
public sealed partial class RecordingStatusReporter : IAsyncDisposable
{
    private readonly ICallContext _call;
    private readonly ComplianceRecorder _recorder;
    private readonly ComplianceRecordingOptions _options;
    private readonly ILogger _logger;
    private readonly SerialWorkQueue<Work> _work;
    private readonly List<RecordingStatus> _reported = [];
    private RecordingStatus? _last;
    private int _retries;

    /// <summary>Listens to <paramref name="recorder"/> at once; reports once <see cref="Start"/> is called.</summary>
    public RecordingStatusReporter(ICallContext call, ComplianceRecorder recorder, ComplianceRecordingOptions options, ILogger<RecordingStatusReporter> logger)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(recorder);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        _call = call;
        _recorder = recorder;
        _options = options;
        _logger = logger;
        _work = new SerialWorkQueue<Work>(HandleAsync);
        _recorder.Started += OnStarted;
        _recorder.Failed += OnFailed;
    }

    /// <summary>Statuses the calling service accepted, in order.</summary>
    public IReadOnlyList<RecordingStatus> Reported
    {
        get
        {
            lock (_reported)
            {
                return _reported.ToArray();
            }
        }
    }

    /// <summary>Starts reporting; what the recorder raised before is reported first, in order.</summary>
    public void Start() => _work.Start();

    /// <summary>
    /// Stops the recording while the call goes on (commits files and metadata) and reports <c>notRecording</c>, or
    /// <c>failed</c> when the recording did not end complete (a file or the metadata could not be committed: a full
    /// disk). Needs <see cref="Start"/> first.
    /// </summary>
    public async Task<RecordingMetadata> StopAsync(CancellationToken cancellationToken = default)
    {
        if (!_work.IsStarted)
        {
            throw new InvalidOperationException("The recording status reporter is not started.");
        }

        RecordingMetadata metadata;
        var status = RecordingStatus.NotRecording;
        try
        {
            metadata = await _recorder.StopAsync(cancellationToken).ConfigureAwait(false);
            if (metadata.Status == "failed")
            {
                status = RecordingStatus.Failed;
            }
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            // The metadata could be written nowhere.
            status = RecordingStatus.Failed;
            throw;
        }
        finally
        {
            _work.TryEnqueue(new Work(status, null));
            _work.Complete();
        }

        await _work.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        return metadata;
    }

    /// <summary>Stops listening to the recorder and lets the updates already queued go out. Does not stop the recorder.</summary>
    public async ValueTask DisposeAsync()
    {
        _recorder.Started -= OnStarted;
        _recorder.Failed -= OnFailed;
        await _work.DisposeAsync().ConfigureAwait(false);
    }

    private void OnStarted() => _work.TryEnqueue(new Work(RecordingStatus.Recording, null));

    private void OnFailed(Exception exception) => _work.TryEnqueue(new Work(RecordingStatus.Failed, exception));

    private async ValueTask HandleAsync(Work work, CancellationToken cancellationToken)
    {
        await ReportAsync(work.Status).ConfigureAwait(false);
        if (work.Failure is not null)
        {
            await ApplyFailurePolicyAsync().ConfigureAwait(false);
        }
    }

    private async Task ReportAsync(RecordingStatus status)
    {
        if (_last == status)
        {
            return;
        }

        if (_call.CallEnded.IsCancellationRequested)
        {
            Log.StatusAfterEnd(_logger, _call.CallId, status);
            return;
        }

        try
        {
            await _call.UpdateRecordingStatusAsync(status, _call.CallEnded).ConfigureAwait(false);
            _last = status;
            lock (_reported)
            {
                _reported.Add(status);
            }

            Log.StatusReported(_logger, _call.CallId, status);
        }
        catch (OperationCanceledException) when (_call.CallEnded.IsCancellationRequested)
        {
            Log.StatusAfterEnd(_logger, _call.CallId, status);
        }
        catch (Exception exception)
        {
            Log.StatusFailed(_logger, exception, _call.CallId, status);
        }
    }

    private async Task ApplyFailurePolicyAsync()
    {
        var policy = _options.FailurePolicy;
        if (policy == RecordingFailurePolicy.RetryThenHangUp && _retries < _options.MaxStorageRetries)
        {
            _retries++;
            if (await _recorder.RetryAsync().ConfigureAwait(false))
            {
                Log.PolicyApplied(_logger, _call.CallId, policy, $"retry {_retries} of {_options.MaxStorageRetries}");
                return;
            }
        }

        if (policy == RecordingFailurePolicy.ContinueWithoutRecording)
        {
            Log.PolicyApplied(_logger, _call.CallId, policy, "staying in the call unrecorded");
            return;
        }

        Log.PolicyApplied(_logger, _call.CallId, policy, "hanging up");
        try
        {
            await _call.HangUpAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            Log.HangUpFailed(_logger, exception, _call.CallId);
        }
    }

    private sealed record Work(RecordingStatus Status, Exception? Failure);

    private static partial class Log
    {
        [LoggerMessage(EventId = RecordingEventIds.RecordingStatusReported, EventName = nameof(RecordingEventIds.RecordingStatusReported), Level = LogLevel.Information, Message = "Call {CallId}: recording status {Status} reported")]
        public static partial void StatusReported(ILogger logger, string callId, RecordingStatus status);

        [LoggerMessage(EventId = RecordingEventIds.RecordingStatusFailed, EventName = nameof(RecordingEventIds.RecordingStatusFailed), Level = LogLevel.Error, Message = "Call {CallId}: reporting recording status {Status} failed")]
        public static partial void StatusFailed(ILogger logger, Exception exception, string callId, RecordingStatus status);

        [LoggerMessage(EventId = RecordingEventIds.RecordingStatusAfterEnd, EventName = nameof(RecordingEventIds.RecordingStatusAfterEnd), Level = LogLevel.Debug, Message = "Call {CallId}: recording status {Status} not reported, the call has ended")]
        public static partial void StatusAfterEnd(ILogger logger, string callId, RecordingStatus status);

        [LoggerMessage(EventId = RecordingEventIds.RecordingFailurePolicyApplied, EventName = nameof(RecordingEventIds.RecordingFailurePolicyApplied), Level = LogLevel.Warning, Message = "Call {CallId}: recording failure policy {Policy}: {Action}")]
        public static partial void PolicyApplied(ILogger logger, string callId, RecordingFailurePolicy policy, string action);

        [LoggerMessage(EventId = RecordingEventIds.RecordingHangUpFailed, EventName = nameof(RecordingEventIds.RecordingHangUpFailed), Level = LogLevel.Error, Message = "Call {CallId}: hang-up after a recording failure did not succeed")]
        public static partial void HangUpFailed(ILogger logger, Exception exception, string callId);
    }
}
