using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Recording.Diagnostics;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Compliance;

/// <summary>
/// Records one policy-based recording call: the observed audio goes to a <see cref="ComplianceRecorder"/> on the
/// call's media pipeline, the roster's joins and leaves (of people, not bots) go to its metadata, and a
/// <see cref="RecordingStatusReporter"/> keeps the service's recording status truthful. Create one per call, for
/// example with <see cref="ComplianceRecordingHandlerFactory"/>, and answer with app-hosted media.
/// </summary>
/// <remarks>
/// Once the recorder is on the pipeline, the pipeline owns it: when the call ends the pipeline hands it every frame
/// still queued, then disposes it, which commits the files and the metadata off the media loop. The handler never
/// disposes a recorder it has handed over; one that never reached a pipeline (the media did not connect) is stopped
/// and committed when the handler is disposed.
/// </remarks>
public sealed class ComplianceRecordingHandler : CallHandler, IAsyncDisposable
{
    private readonly IRecordingStorage _storage;
    private readonly ComplianceRecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILoggerFactory _loggers;
    private readonly RecordingMetrics? _metrics;
    private ComplianceRecorder? _recorder;
    private RecordingStatusReporter? _reporter;
    private bool _handedToPipeline;

    /// <param name="metrics">Where the recording's outcome is counted; none when null.</param>
    public ComplianceRecordingHandler(IRecordingStorage storage, ComplianceRecordingOptions options, TimeProvider time, ILoggerFactory loggers, RecordingMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(loggers);
        _storage = storage;
        _options = options;
        _time = time;
        _loggers = loggers;
        _metrics = metrics;
    }

    /// <summary>The call's recorder, once the call is established (or a participant joined); its <see cref="ComplianceRecorder.Completion"/> gives the committed metadata.</summary>
    public ComplianceRecorder? Recorder => _recorder;

    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var recorder = RecorderOf(call);
        foreach (var participant in call.Participants)
        {
            if (IsRecorded(participant))
            {
                recorder.ParticipantJoined(participant);
            }
        }

        var media = await call.GetMediaAsync(cancellationToken).ConfigureAwait(false);
        media.Pipeline.Use(recorder);
        _handedToPipeline = true;
        media.Pipeline.Start();
    }

    public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (IsRecorded(participant))
        {
            RecorderOf(call).ParticipantJoined(participant);
        }

        return Task.CompletedTask;
    }

    public override Task OnParticipantLeftAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        RecorderOf(call).ParticipantLeft(participant.Id);
        return Task.CompletedTask;
    }

    /// <summary>Stops reporting; stops and commits the recorder only if no pipeline took it over.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_reporter is not null)
        {
            await _reporter.DisposeAsync().ConfigureAwait(false);
        }

        if (_recorder is not null && !_handedToPipeline)
        {
            await _recorder.DisposeAsync().ConfigureAwait(false);
        }
    }

    private static bool IsRecorded(ParticipantInfo participant) =>
        participant.Identity.Kind is not (IdentityKind.Application or IdentityKind.ApplicationInstance);

    private ComplianceRecorder RecorderOf(ICallContext call)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (_recorder is null)
        {
            _recorder = new ComplianceRecorder(
                _storage,
                call.CallId,
                call.Incoming?.PolicyRecording?.PolicyIdentifier,
                _options,
                _time,
                _loggers.CreateLogger<ComplianceRecorder>(),
                metrics: _metrics);
            _reporter = new RecordingStatusReporter(call, _recorder, _options, _loggers.CreateLogger<RecordingStatusReporter>());
            _recorder.Start();
            _reporter.Start();
        }

        return _recorder;
    }
}
