using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using CallingBot.Core.Calls;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Wav;
using CallingBot.Recording.Storage;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Compliance;

/// <summary>
/// Records a call's observed audio for compliance: one mixed WAV file and, for unmixed audio, one per participant (up
/// to <see cref="ComplianceRecordingOptions.MaxParticipantTracks"/>; the mixed file always has everyone), written
/// incrementally and flushed to storage every <see cref="ComplianceRecordingOptions.FlushInterval"/>. On
/// <see cref="Stop"/> the files are finished, checksummed and committed (renamed from their temporary names), then a
/// metadata JSON describing them is committed the same way. A storage failure is never swallowed: the recorder
/// moves to <see cref="RecorderState.Failed"/>, raises <see cref="Failed"/> and keeps what was written.
/// </summary>
/// <remarks>
/// <see cref="Process"/> runs on the media pipeline's loop and allocates nothing per frame once a participant's
/// file is open. <see cref="Started"/> and <see cref="Failed"/> are raised on that loop: handlers must only queue work.
/// </remarks>
public sealed partial class ComplianceRecorder : IAudioProcessor, IDisposable
{
    private readonly IRecordingStorage _storage;
    private readonly ComplianceRecordingOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly AudioFormat _format;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Track> _participantTracks = new(StringComparer.Ordinal);
    private readonly List<Track> _allTracks = [];
    private readonly List<RecordedFile> _files = [];
    private readonly Dictionary<string, ParticipantEntry> _participants = new(StringComparer.Ordinal);

    /// <summary>Participants with files of their own (at most MaxParticipantTracks), by id, with their file name part.</summary>
    private readonly Dictionary<string, string> _separateParticipants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedNameParts = new(StringComparer.Ordinal);
    private readonly List<string> _mixedOnly = [];
    private readonly HashSet<string> _mixedOnlySet = new(StringComparer.Ordinal);
    private readonly string _baseName;
    private Track? _mixed;
    private int _segment;
    private long _lastFlush;
    private RecorderState _state;
    private Exception? _failure;
    private DateTimeOffset? _endedAt;
    private RecordingMetadata? _metadata;

    public ComplianceRecorder(IRecordingStorage storage, string callId, string? policyIdentifier, ComplianceRecordingOptions options, TimeProvider time, ILogger<ComplianceRecorder> logger, AudioFormat? format = null)
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
        _format = format ?? AudioFormat.Default;
        CallId = callId;
        PolicyIdentifier = policyIdentifier;
        StartedAt = time.GetUtcNow();
        _baseName = string.Create(CultureInfo.InvariantCulture, $"{StartedAt:yyyyMMdd'T'HHmmss'Z'}_{RecordingFileNames.Part(callId)}");
    }

    /// <summary>Raised once per segment, after the first frame was accepted by an open file that has been flushed to storage.</summary>
    public event Action? Started;

    /// <summary>Raised when storage fails (disk full, permission denied, a vanished mount).</summary>
    public event Action<Exception>? Failed;

    public string CallId { get; }

    public string? PolicyIdentifier { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary>Name of the metadata file committed by <see cref="Stop"/>.</summary>
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

    /// <summary>Frames received while the recorder could not write (after a failure, before a retry).</summary>
    public long DroppedFrames { get; private set; }

    /// <summary>Segments started after storage failures.</summary>
    public int Retries => _segment;

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

    public void Process(AudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var started = false;
        var tracksFull = false;
        Exception? failure = null;
        lock (_gate)
        {
            if (_state is RecorderState.Failed or RecorderState.Stopped)
            {
                DroppedFrames++;
                return;
            }

            try
            {
                _mixed ??= Open(kind: "mixed", participantId: null);
                _mixed.Recorder.Process(frame);
                if (_options.RecordParticipantsSeparately && frame.ParticipantId is { } participantId)
                {
                    if (_participantTracks.TryGetValue(participantId, out var track))
                    {
                        track.Recorder.Process(frame);
                    }
                    else if (HasOwnTrack(participantId, ref tracksFull))
                    {
                        track = Open(kind: "participant", participantId);
                        _participantTracks.Add(participantId, track);
                        track.Recorder.Process(frame);
                    }
                }

                if (_state == RecorderState.Waiting)
                {
                    FlushAll();
                    _state = RecorderState.Recording;
                    started = true;
                }
                else if (_time.GetElapsedTime(_lastFlush) >= _options.FlushInterval)
                {
                    FlushAll();
                }
            }
            catch (Exception exception) when (IsStorageFailure(exception))
            {
                _state = RecorderState.Failed;
                _failure = exception;
                failure = exception;
                DroppedFrames++;
            }
        }

        if (tracksFull)
        {
            Log.ParticipantTracksFull(_logger, CallId, _options.MaxParticipantTracks);
        }

        if (started)
        {
            Log.RecordingStarted(_logger, CallId, _segment);
            Started?.Invoke();
        }

        if (failure is not null)
        {
            Log.StorageFailed(_logger, failure, CallId, _segment);
            Failed?.Invoke(failure);
        }
    }

    /// <summary>
    /// After a failure: finishes what the failed segment holds and starts a new segment with new files on the next
    /// frame. Returns false when the recorder is not failed.
    /// </summary>
    public bool Retry()
    {
        lock (_gate)
        {
            if (_state != RecorderState.Failed)
            {
                return false;
            }

            CloseSegment();
            _segment++;
            _state = RecorderState.Waiting;
            Log.RetryingSegment(_logger, CallId, _segment);
            return true;
        }
    }

    /// <summary>
    /// Finishes the recording: closes, checksums and commits every file, then commits the metadata JSON.
    /// Idempotent. Throws when the metadata cannot be written (the WAV files already committed stay).
    /// </summary>
    public RecordingMetadata Stop()
    {
        lock (_gate)
        {
            if (_metadata is not null)
            {
                return _metadata;
            }

            CloseSegment();
            var failed = _state == RecorderState.Failed || _failure is not null || _files.Any(f => !f.Committed);
            _state = RecorderState.Stopped;
            _endedAt = _time.GetUtcNow();
            var metadata = new RecordingMetadata(
                CallId,
                PolicyIdentifier,
                failed ? "failed" : "completed",
                StartedAt,
                _endedAt.Value,
                _participants.Values.OrderBy(p => p.JoinedAt).ThenBy(p => p.Participant.Id, StringComparer.Ordinal)
                    .Select(p => new RecordedParticipant(p.Participant.Id, p.Participant.Identity.ToString(), p.Participant.Identity.DisplayName, p.JoinedAt, p.LeftAt ?? _endedAt))
                    .ToArray(),
                _files.ToArray(),
                _mixedOnly.ToArray(),
                _failure is null ? null : $"{_failure.GetType().Name}: {_failure.Message}");
            WriteMetadata(metadata);
            _metadata = metadata;
            Log.RecordingStopped(_logger, CallId, metadata.Status, _files.Count, _files.Sum(f => f.AudioBytes));
            return metadata;
        }
    }

    /// <summary>Closes open files without committing them (they stay as temporary files); prefer <see cref="Stop"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var track in _allTracks)
            {
                track.File.Dispose();
            }

            _allTracks.Clear();
        }
    }

    private static bool IsStorageFailure(Exception exception) => exception is IOException or UnauthorizedAccessException;

    /// <summary>
    /// True when <paramref name="participantId"/> has, or may now get, a file of its own. Once
    /// <see cref="ComplianceRecordingOptions.MaxParticipantTracks"/> participants have one, later participants are
    /// remembered as mixed-only; <paramref name="firstOverflow"/> is set for the first of them (to log it once).
    /// </summary>
    private bool HasOwnTrack(string participantId, ref bool firstOverflow)
    {
        if (_separateParticipants.ContainsKey(participantId))
        {
            return true;
        }

        if (_mixedOnlySet.Contains(participantId))
        {
            return false;
        }

        if (_separateParticipants.Count >= _options.MaxParticipantTracks)
        {
            firstOverflow = _mixedOnly.Count == 0;
            _mixedOnly.Add(participantId);
            _mixedOnlySet.Add(participantId);
            return false;
        }

        // A short hash shared with another participant of this call (one in billions) falls back to the full hash.
        var part = RecordingFileNames.Part(participantId);
        if (!_usedNameParts.Add(part))
        {
            part = RecordingFileNames.Part(participantId, hashLength: 64);
            _usedNameParts.Add(part);
        }

        _separateParticipants.Add(participantId, part);
        return true;
    }

    private Track Open(string kind, string? participantId)
    {
        var segment = _segment == 0 ? string.Empty : string.Create(CultureInfo.InvariantCulture, $".s{_segment}");
        var name = participantId is null ? $"{_baseName}{segment}.mixed.wav" : $"{_baseName}{segment}.{_separateParticipants[participantId]}.wav";
        var file = _storage.Create(name);
        try
        {
            var writer = new WavWriter(file.Stream, _format, leaveOpen: true);
            var track = new Track(file, writer, new WavRecorder(writer, _format, participantId), kind, participantId, _segment);
            _allTracks.Add(track);
            return track;
        }
        catch
        {
            file.Dispose();
            throw;
        }
    }

    private void FlushAll()
    {
        // The writer, not the recorder: the recorder would also push out the slot it holds back for mixing, and a
        // participant's frame for that slot arriving later would then be dropped from the mixed file.
        foreach (var track in _allTracks)
        {
            track.Writer.Flush();
            track.File.Flush();
        }

        _lastFlush = _time.GetTimestamp();
    }

    /// <summary>Finishes every open file of the current segment: header, checksum, commit. Failures are recorded, not thrown.</summary>
    private void CloseSegment()
    {
        foreach (var track in _allTracks)
        {
            var audioBytes = track.Writer.DataLength;
            try
            {
                track.Recorder.Dispose();
                audioBytes = track.Writer.DataLength;
                track.File.Stream.Position = 0;
                var hash = Convert.ToHexStringLower(SHA256.HashData(track.File.Stream));
                var bytes = track.File.Commit();
                _files.Add(new RecordedFile(track.File.Name, track.Kind, track.ParticipantId, track.Segment, bytes, audioBytes, hash, Committed: true));
            }
            catch (Exception exception) when (IsStorageFailure(exception) || exception is ObjectDisposedException)
            {
                _failure ??= exception;
                long size = 0;
                try
                {
                    size = track.File.Stream.CanSeek ? track.File.Stream.Length : 0;
                }
                catch (Exception lengthFailure) when (IsStorageFailure(lengthFailure) || lengthFailure is ObjectDisposedException)
                {
                }

                track.File.Dispose();
                _files.Add(new RecordedFile(track.File.Name, track.Kind, track.ParticipantId, track.Segment, size, audioBytes, null, Committed: false));
                Log.CommitFailed(_logger, exception, CallId, track.File.Name);
            }
        }

        _allTracks.Clear();
        _participantTracks.Clear();
        _mixed = null;
    }

    private void WriteMetadata(RecordingMetadata metadata)
    {
        using var file = _storage.Create(MetadataName);
        try
        {
            JsonSerializer.Serialize(file.Stream, metadata, RecordingMetadataJson.Default.RecordingMetadata);
            file.Commit();
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            Log.CommitFailed(_logger, exception, CallId, MetadataName);
            throw;
        }
    }

    private sealed record Track(IRecordingFile File, WavWriter Writer, WavRecorder Recorder, string Kind, string? ParticipantId, int Segment);

    private sealed class ParticipantEntry(ParticipantInfo participant, DateTimeOffset joinedAt)
    {
        public ParticipantInfo Participant { get; } = participant;

        public DateTimeOffset JoinedAt { get; } = joinedAt;

        public DateTimeOffset? LeftAt { get; set; }
    }

    private static partial class Log
    {
        [LoggerMessage(4000, LogLevel.Information, "Recording of call {CallId} started (segment {Segment})", EventName = "RecordingStarted")]
        public static partial void RecordingStarted(ILogger logger, string callId, int segment);

        [LoggerMessage(4001, LogLevel.Error, "Recording storage failed for call {CallId} (segment {Segment})", EventName = "RecordingStorageFailed")]
        public static partial void StorageFailed(ILogger logger, Exception exception, string callId, int segment);

        [LoggerMessage(4002, LogLevel.Warning, "Recording of call {CallId} continues in new segment {Segment}", EventName = "RecordingRetry")]
        public static partial void RetryingSegment(ILogger logger, string callId, int segment);

        [LoggerMessage(4003, LogLevel.Error, "Recording file {File} of call {CallId} could not be committed; its temporary file is kept", EventName = "RecordingCommitFailed")]
        public static partial void CommitFailed(ILogger logger, Exception exception, string callId, string file);

        [LoggerMessage(4004, LogLevel.Information, "Recording of call {CallId} stopped: {Status}, {Files} file(s), {AudioBytes} audio bytes", EventName = "RecordingStopped")]
        public static partial void RecordingStopped(ILogger logger, string callId, string status, int files, long audioBytes);

        [LoggerMessage(4005, LogLevel.Warning, "Recording of call {CallId}: {MaxParticipantTracks} participants have files of their own; the audio of further participants is recorded in the mixed file only", EventName = "RecordingParticipantTracksFull")]
        public static partial void ParticipantTracksFull(ILogger logger, string callId, int maxParticipantTracks);
    }
}
