using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Recording.Compliance;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Logging;

namespace ComplianceRecorder;

/// <summary>
/// Records one policy-recording call: the observed audio goes to a <see cref="ComplianceRecorder"/> on the call's
/// media pipeline, the roster's joins and leaves go to its metadata, and a <see cref="RecordingStatusReporter"/>
/// keeps the service's recording status truthful.
/// </summary>
public sealed class ComplianceRecordingHandler(IRecordingStorage storage, ComplianceRecordingOptions options, TimeProvider time, ILoggerFactory loggers) : CallHandler, IAsyncDisposable
{
    private CallingBot.Recording.Compliance.ComplianceRecorder? _recorder;
    private RecordingStatusReporter? _reporter;

    /// <summary>The metadata written when the call ended; null before.</summary>
    public RecordingMetadata? Metadata { get; private set; }

    public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var recorder = Recorder(call);
        foreach (var participant in call.Participants)
        {
            if (IsRecorded(participant))
            {
                recorder.ParticipantJoined(participant);
            }
        }

        var media = await call.GetMediaAsync(cancellationToken);
        media.Pipeline.Use(recorder);
        media.Pipeline.Start();
    }

    public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        if (IsRecorded(participant))
        {
            Recorder(call).ParticipantJoined(participant);
        }

        return Task.CompletedTask;
    }

    public override Task OnParticipantLeftAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        Recorder(call).ParticipantLeft(participant.Id);
        return Task.CompletedTask;
    }

    public override async Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken)
    {
        if (_reporter is not null)
        {
            Metadata = await _reporter.StopAsync(cancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_reporter is not null)
        {
            await _reporter.DisposeAsync();
        }

        _recorder?.Dispose();
    }

    private static bool IsRecorded(ParticipantInfo participant) =>
        participant.Identity.Kind is not (IdentityKind.Application or IdentityKind.ApplicationInstance);

    private CallingBot.Recording.Compliance.ComplianceRecorder Recorder(ICallContext call)
    {
        if (_recorder is null)
        {
            _recorder = new CallingBot.Recording.Compliance.ComplianceRecorder(
                storage,
                call.CallId,
                call.Incoming?.PolicyRecording?.PolicyIdentifier,
                options,
                time,
                loggers.CreateLogger<CallingBot.Recording.Compliance.ComplianceRecorder>());
            _reporter = new RecordingStatusReporter(call, _recorder, options, loggers.CreateLogger<RecordingStatusReporter>());
        }

        return _recorder;
    }
}
