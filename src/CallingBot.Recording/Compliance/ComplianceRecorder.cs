using System.Globalization;
using CallingBot.Core.Calls;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Threading;
using CallingBot.Recording.Diagnostics;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Compliance;

/// <summary>
/// Records a call's observed audio for compliance: one mixed WAV file and, for unmixed audio, one per participant (up
/// to <see cref="ComplianceRecordingOptions.MaxParticipantTracks"/>; the mixed file always has everyone), written
/// incrementally and flushed to storage (fsync) every <see cref="ComplianceRecordingOptions.FlushInterval"/>. When
/// stopped (<see cref="StopAsync"/>, or the pipeline disposing the recorder after it drained its queued frames) the
/// files are finished, checksummed and committed (renamed from their temporary names), then a metadata JSON describing
/// them is committed the same way. A storage failure is never swallowed: the recorder moves to
/// <see cref="RecorderState.Failed"/>, raises <see cref="Failed"/> and keeps what was written.
/// </summary>
/// <remarks>
/// <para>A full disk must not cost the metadata, which lists what was recorded and what could not be committed: the
/// writer first reserves <see cref="ComplianceRecordingOptions.MetadataReserveBytes"/> in the storage (a temporary
/// file of zeros) and, when the metadata cannot be written at the end, deletes it and tries again; then it tries
/// <see cref="ComplianceRecordingOptions.MetadataFallbackDirectory"/>. Each stopped recording counts on
/// <see cref="RecordingMetrics.Outcomes"/>.</para>
/// </remarks>
/// <remarks>
/// <para><see cref="Process"/> runs on the media pipeline's loop and only hands the frame (retained, not copied) to the
/// recorder's own writer, a <see cref="SerialWorkQueue{T}"/>: all storage work — writing, flushing, fsync, checksums,
/// renames and the metadata — runs there, in order, never on the media loop, and allocates nothing per frame once a
/// participant's file is open. <see cref="Started"/> and <see cref="Failed"/> are raised on the writer: handlers must
/// only queue work.</para>
/// <para>The writer's backlog is bounded by <see cref="MaxPendingFrames"/>: storage that falls that far behind is a
/// storage failure (reported, frames dropped and counted) rather than memory that grows without end.</para>
/// <para>Call <see cref="Start"/> before frames can be written. Added to a pipeline with <c>Use</c>, the recorder is
/// owned by the pipeline, which disposes it (and so stops and commits it) once its queued frames are processed.</para>
/// </remarks>
public sealed partial class ComplianceRecorder : IAudioProcessor, IAsyncDisposable
{
    /// <summary>Frames waiting for the writer beyond which storage counts as failed (five minutes of one stream).</summary>
    public const int MaxPendingFrames = 15_000;

    /// <summary>Name suffix of the space reserved for the metadata (on disk <c>{start}_{call}.reserve.partial</c> while the recording runs).</summary>
    public const string ReserveSuffix = ".reserve";

    private readonly IRecordingStorage _storage;
    private readonly ComplianceRecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly RecordingMetrics? _metrics;
    private readonly AudioFormat _format;
    private readonly SerialWorkQueue<Work> _writer;
    private readonly TaskCompletionSource<RecordingMetadata> _stopped = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Guards the state, the failure, the segment number and the roster, which other threads read or change.</summary>
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ParticipantEntry> _participants = new(StringComparer.Ordinal);
    private readonly string _baseName;
    private RecorderState _state;
    private Exception? _failure;
    private int _segment;
    private int _started;
    private int _accepting = 1;
    private int _disposed;
    private long _pendingFrames;
    private long _droppedFrames;

    /// <param name="metrics">Where the outcome of the recording is counted; none when null.</param>
    public ComplianceRecorder(IRecordingStorage storage, string callId, string? policyIdentifier, ComplianceRecordingOptions options, TimeProvider time, ILogger<ComplianceRecorder> logger, AudioFormat? format = null, RecordingMetrics? metrics = null)
    {
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        _storage = storage;
        _options = options;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _format = format ?? AudioFormat.Default;
        CallId = callId;
        PolicyIdentifier = policyIdentifier;
        StartedAt = time.GetUtcNow();
        _baseName = string.Create(CultureInfo.InvariantCulture, $"{StartedAt:yyyyMMdd'T'HHmmss'Z'}_{RecordingFileNames.Part(callId)}");
        _writer = new SerialWorkQueue<Work>(HandleAsync, capacity: null, discard: Discard);
    }

    /// <summary>Raised once per segment, after the first frame was accepted by an open file that has been flushed to storage.</summary>
    public event Action? Started;

    /// <summary>Raised when storage fails (disk full, permission denied, a vanished mount, storage too slow).</summary>
    public event Action<Exception>? Failed;

    public string CallId { get; }

    public string? PolicyIdentifier { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Name of the metadata file committed when the recording stops.</summary>
    public string MetadataName => _baseName + ".json";

    public RecorderState State
    {
        get
        {
            lock (_gate)
            {
                return _state;
            }
        }
    }

    /// <summary>Frames received while the recorder could not write (after a failure, before a retry, after stopping).</summary>
    public long DroppedFrames => Interlocked.Read(ref _droppedFrames);

    /// <summary>Segments started after storage failures.</summary>
    public int Retries
    {
        get
        {
            lock (_gate)
            {
                return _segment;
            }
        }
    }

    /// <summary>
    /// Completes with the committed metadata once the recording has stopped (written with the recording, into its
    /// reserved space, or in the fallback directory); faults when the metadata could be written nowhere (the WAV files
    /// already committed stay).
    /// </summary>
    public Task<RecordingMetadata> Completion => _stopped.Task;

    /// <summary>Starts the writer. Frames handed over before wait for it. Idempotent.</summary>
    public void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _writer.Start();
        }
    }

    public void ParticipantJoined(ParticipantInfo participant)
    {
        ArgumentNullException.ThrowIfNull(participant);
        lock (_gate)
        {
            if (!_participants.TryGetValue(participant.Id, out var entry) || entry.LeftAt is not null)
            {
                _participants[participant.Id] = new ParticipantEntry(participant, _time.GetUtcNow());
            }
        }
    }

    public void ParticipantLeft(string participantId)
    {
        lock (_gate)
        {
            if (_participants.TryGetValue(participantId, out var entry) && entry.LeftAt is null)
            {
                entry.LeftAt = _time.GetUtcNow();
            }
        }
    }

    /// <summary>Hands the frame to the writer (retaining it); never blocks and never touches storage.</summary>
    public void Process(AudioFrameView frame)
    {
        if (Volatile.Read(ref _accepting) == 0)
        {
            Interlocked.Increment(ref _droppedFrames);
            return;
        }

        if (Interlocked.Increment(ref _pendingFrames) > MaxPendingFrames)
        {
            Interlocked.Decrement(ref _pendingFrames);
            Interlocked.Increment(ref _droppedFrames);
            FailBehind();
            return;
        }

        var retained = frame.Retain();
        if (!_writer.TryEnqueue(new Work(WorkKind.Write, retained)))
        {
            Interlocked.Decrement(ref _pendingFrames);
            Interlocked.Increment(ref _droppedFrames);
            retained.Dispose();
        }
    }

    /// <summary>
    /// After a failure: finishes what the failed segment holds and starts a new segment with new files on the next
    /// frame, on the writer after the frames already handed over. Completes with false when the recorder is not failed.
    /// </summary>
    public Task<bool> RetryAsync()
    {
        var retried = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_writer.TryEnqueue(new Work(WorkKind.Retry, Retried: retried)))
        {
            retried.TrySetResult(false);
        }

        return retried.Task;
    }

    /// <summary>
    /// Stops taking frames and finishes the recording on the writer, after the frames already handed over: closes,
    /// checksums and commits every file, then commits the metadata JSON. Starts the writer if needed. Idempotent; the
    /// task is <see cref="Completion"/> (cancelling <paramref name="cancellationToken"/> stops only the wait).
    /// </summary>
    public Task<RecordingMetadata> StopAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _accepting, 0) == 1)
        {
            Start();
            if (!_writer.TryEnqueue(new Work(WorkKind.Stop)))
            {
                _stopped.TrySetException(new InvalidOperationException($"The recorder of call {CallId} can no longer write."));
            }

            _writer.Complete();
        }

        return _stopped.Task.WaitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops and commits the recording (see <see cref="StopAsync"/>) and ends the writer. A storage failure while
    /// committing or closing is logged and recorded in the metadata (or, when the metadata is lost, in
    /// <see cref="Completion"/>), never thrown. The pipeline calls this once it has drained.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await StopAsync().ConfigureAwait(false);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            // Logged by the writer (RecordingCommitFailed); Completion carries it.
        }
        finally
        {
            await _writer.DisposeAsync().ConfigureAwait(false);
            CloseOpenFiles();
            ReleaseReserve();
        }
    }

    private static bool IsStorageFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>Storage is further behind than <see cref="MaxPendingFrames"/>: the recording fails (once per segment).</summary>
    private void FailBehind()
    {
        IOException failure;
        int segment;
        lock (_gate)
        {
            if (_state is not (RecorderState.Waiting or RecorderState.Recording))
            {
                return;
            }

            failure = new IOException($"Recording storage fell behind: {MaxPendingFrames} frames were waiting to be written.");
            _state = RecorderState.Failed;
            _failure = failure;
            segment = _segment;
        }

        Log.StorageFailed(_logger, failure, CallId, segment);
        Failed?.Invoke(failure);
    }

    private void Discard(Work work)
    {
        switch (work.Kind)
        {
            case WorkKind.Write:
                Interlocked.Decrement(ref _pendingFrames);
                Interlocked.Increment(ref _droppedFrames);
                work.Frame.Dispose();
                break;
            case WorkKind.Retry:
                work.Retried!.TrySetResult(false);
                break;
            case WorkKind.Stop:
                _stopped.TrySetException(new InvalidOperationException($"The recorder of call {CallId} stopped before committing."));
                break;
        }
    }

    private enum WorkKind
    {
        Write,
        Retry,
        Stop,
    }

    private readonly record struct Work(WorkKind Kind, RetainedAudioFrame Frame = default, TaskCompletionSource<bool>? Retried = null);

    private sealed class ParticipantEntry(ParticipantInfo participant, DateTimeOffset joinedAt)
    {
        public ParticipantInfo Participant { get; } = participant;

        public DateTimeOffset JoinedAt { get; } = joinedAt;

        public DateTimeOffset? LeftAt { get; set; }
    }
}
