using System.Diagnostics.Metrics;

namespace CallingBot.Recording.Diagnostics;

/// <summary>Compliance recording instruments, published on the meter <c>CallingBot.Recording</c>.</summary>
public sealed class RecordingMetrics : IDisposable
{
    public const string MeterName = "CallingBot.Recording";

    private readonly Meter _meter;
    private int _pendingUploads;

    public RecordingMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        Outcomes = _meter.CreateCounter<long>(
            "callingbot.recording.outcomes",
            description: "Recordings that stopped, tagged by outcome (completed, failed) and by where their metadata went: primary (the recording directory), reserve (the recording directory, into the space reserved at the start because the disk was full), fallback (the fallback directory) or lost.");
        Uploads = _meter.CreateCounter<long>(
            "callingbot.recording.uploads",
            unit: "{recording}",
            description: "Recordings uploaded to Azure Blob Storage and verified there (every file's MD5 as the service computed it equals the local file's).");
        UploadFailures = _meter.CreateCounter<long>(
            "callingbot.recording.upload.failures",
            unit: "{attempt}",
            description: "Upload attempts of a recording that failed, tagged by reason: storage (the service failed or could not be reached), verification (a blob's hash differs from the local file's), conflict (a different blob of that name exists), local (a local file is missing or unreadable). The recording stays in the local directory and is retried.");
        LocalCopiesDeleted = _meter.CreateCounter<long>(
            "callingbot.recording.local.deleted",
            unit: "{recording}",
            description: "Recordings whose local files were deleted by the retention (CallingBot:Recording:Retention:KeepLocalDays) after their upload was verified.");
        _meter.CreateObservableGauge(
            "callingbot.recording.uploads.pending",
            () => Volatile.Read(ref _pendingUploads),
            unit: "{recording}",
            description: "Committed recordings in the local directory not yet uploaded and verified.");
    }

    /// <summary>One per stopped recording: tags <c>outcome</c> and <c>metadata</c>.</summary>
    public Counter<long> Outcomes { get; }

    /// <summary>One per recording uploaded and verified.</summary>
    public Counter<long> Uploads { get; }

    /// <summary>One per failed upload attempt: tag <c>reason</c>.</summary>
    public Counter<long> UploadFailures { get; }

    /// <summary>One per recording whose local copies the retention deleted.</summary>
    public Counter<long> LocalCopiesDeleted { get; }

    /// <summary>Sets what <c>callingbot.recording.uploads.pending</c> reports.</summary>
    public void SetPendingUploads(int count) => Volatile.Write(ref _pendingUploads, count);

    public void Dispose() => _meter.Dispose();
}
