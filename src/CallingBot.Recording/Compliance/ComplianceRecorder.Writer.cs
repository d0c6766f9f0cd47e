using System.Globalization;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text.Json;
using CallingBot.Media.Audio;
using CallingBot.Media.Processors;
using CallingBot.Media.Wav;
using CallingBot.Recording.Storage;

namespace CallingBot.Recording.Compliance;

/// <summary>The recorder's writer: everything that touches storage, one work item at a time.</summary>
public sealed partial class ComplianceRecorder
{
    private readonly Dictionary<string, Track> _participantTracks = new(StringComparer.Ordinal);
    private readonly List<Track> _allTracks = [];
    private readonly List<RecordedFile> _files = [];

    /// <summary>Participants with files of their own (at most MaxParticipantTracks), by id, with their file name part.</summary>
    private readonly Dictionary<string, string> _separateParticipants = new(StringComparer.Ordinal);
    private readonly HashSet<string> _usedNameParts = new(StringComparer.Ordinal);
    private readonly List<string> _mixedOnly = [];
    private readonly HashSet<string> _mixedOnlySet = new(StringComparer.Ordinal);
    private Track? _mixed;
    private long _lastFlush;
    private bool _reserveAttempted;

    /// <summary>The space kept for the metadata; taken by <see cref="ReleaseReserve"/> from the writer or the disposal.</summary>
    private IRecordingFile? _reserve;

    private ValueTask HandleAsync(Work work, CancellationToken cancellationToken)
    {
        EnsureReserve();
        switch (work.Kind)
        {
            case WorkKind.Write:
                Write(work.Frame);
                break;
            case WorkKind.Retry:
                try
                {
                    work.Retried!.TrySetResult(RetrySegment());
                }
                catch (Exception exception)
                {
                    work.Retried!.TrySetException(exception);
                }

                break;
            case WorkKind.Stop:
                try
                {
                    StopRecording();
                }
                catch (Exception exception)
                {
                    _stopped.TrySetException(exception);
                }

                break;
        }

        return ValueTask.CompletedTask;
    }

    private void Write(RetainedAudioFrame retained)
    {
        try
        {
            var frame = retained.View;
            RecorderState state;
            int segment;
            lock (_gate)
            {
                state = _state;
                segment = _segment;
            }

            if (state is RecorderState.Failed or RecorderState.Stopped)
            {
                Interlocked.Increment(ref _droppedFrames);
                return;
            }

            var started = false;
            var tracksFull = false;
            Exception? failure = null;
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

                if (state == RecorderState.Waiting)
                {
                    FlushAll();
                    lock (_gate)
                    {
                        // Storage may have been declared failed meanwhile (it fell behind): then this is no start.
                        if (_state == RecorderState.Waiting)
                        {
                            _state = RecorderState.Recording;
                            started = true;
                        }
                    }
                }
                else if (_time.GetElapsedTime(_lastFlush) >= _options.FlushInterval)
                {
                    FlushAll();
                }
            }
            catch (Exception exception)
            {
                // Whatever the cause, a frame that could not be written means the call is not being recorded.
                lock (_gate)
                {
                    if (_state is RecorderState.Waiting or RecorderState.Recording)
                    {
                        _state = RecorderState.Failed;
                        _failure = exception;
                        failure = exception;
                    }
                }

                Interlocked.Increment(ref _droppedFrames);
            }

            if (tracksFull)
            {
                Log.ParticipantTracksFull(_logger, CallId, _options.MaxParticipantTracks);
            }

            if (started)
            {
                Log.RecordingStarted(_logger, CallId, segment);
                Started?.Invoke();
            }

            if (failure is not null)
            {
                Log.StorageFailed(_logger, failure, CallId, segment);
                Failed?.Invoke(failure);
            }
        }
        finally
        {
            Interlocked.Decrement(ref _pendingFrames);
            retained.Dispose();
        }
    }

    private bool RetrySegment()
    {
        lock (_gate)
        {
            if (_state != RecorderState.Failed)
            {
                return false;
            }
        }

        CloseSegment();
        int segment;
        lock (_gate)
        {
            segment = ++_segment;
            _state = RecorderState.Waiting;
        }

        Log.RetryingSegment(_logger, CallId, segment);
        return true;
    }

    private void StopRecording()
    {
        CloseSegment();
        RecordingMetadata metadata;
        lock (_gate)
        {
            var failed = _state == RecorderState.Failed || _failure is not null || _files.Any(f => !f.Committed);
            _state = RecorderState.Stopped;
            var endedAt = _time.GetUtcNow();
            metadata = new RecordingMetadata(
                CallId,
                PolicyIdentifier,
                failed ? "failed" : "completed",
                StartedAt,
                endedAt,
                _participants.Values.OrderBy(p => p.JoinedAt).ThenBy(p => p.Participant.Id, StringComparer.Ordinal)
                    .Select(p => new RecordedParticipant(p.Participant.Id, p.Participant.Identity.ToString(), p.Participant.Identity.DisplayName, p.JoinedAt, p.LeftAt ?? endedAt))
                    .ToArray(),
                _files.ToArray(),
                _mixedOnly.ToArray(),
                _failure is null ? null : $"{_failure.GetType().Name}: {_failure.Message}");
        }

        string written;
        try
        {
            written = WriteMetadata(metadata);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            CountOutcome("failed", "lost");
            throw;
        }
        finally
        {
            ReleaseReserve();
        }

        CountOutcome(metadata.Status, written);
        Log.RecordingStopped(_logger, CallId, metadata.Status, _files.Count, _files.Sum(f => f.AudioBytes));
        _stopped.TrySetResult(metadata);
    }

    private void CountOutcome(string outcome, string metadata) =>
        _metrics?.Outcomes.Add(1, new KeyValuePair<string, object?>("outcome", outcome), new KeyValuePair<string, object?>("metadata", metadata));

    /// <summary>
    /// Reserves <see cref="ComplianceRecordingOptions.MetadataReserveBytes"/> for the metadata, once, before the writer
    /// writes anything else: zeros handed to the file system (allocated there, not only buffered).
    /// </summary>
    private void EnsureReserve()
    {
        if (_reserveAttempted)
        {
            return;
        }

        _reserveAttempted = true;
        var bytes = _options.MetadataReserveBytes;
        if (bytes <= 0)
        {
            return;
        }

        IRecordingFile? file = null;
        try
        {
            file = _storage.Create(_baseName + ReserveSuffix);
            var zeros = new byte[Math.Min(bytes, 16 * 1024)];
            for (var left = bytes; left > 0; left -= zeros.Length)
            {
                file.Stream.Write(zeros, 0, Math.Min(left, zeros.Length));
            }

            file.Stream.Flush();
            Volatile.Write(ref _reserve, file);
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            if (file is not null)
            {
                AbortQuietly(file);
            }

            Log.ReserveFailed(_logger, exception, CallId, bytes);
        }
    }

    /// <summary>Deletes the reserve, if still held; true when it did (there is room for the metadata now).</summary>
    private bool ReleaseReserve()
    {
        if (Interlocked.Exchange(ref _reserve, null) is not { } reserve)
        {
            return false;
        }

        AbortQuietly(reserve);
        return true;
    }

    /// <summary>Closes files the writer left open without committing them (they stay as temporary files).</summary>
    private void CloseOpenFiles()
    {
        foreach (var track in _allTracks)
        {
            DisposeQuietly(track.File);
        }

        _allTracks.Clear();
    }

    /// <summary>Closes a file that stays temporary; on a full disk the audio still buffered for it cannot be written, which is logged, not thrown.</summary>
    private void DisposeQuietly(IRecordingFile file)
    {
        try
        {
            file.Dispose();
        }
        catch (Exception exception) when (IsStorageFailure(exception) || exception is ObjectDisposedException)
        {
            Log.FileCloseFailed(_logger, exception, CallId, file.Name);
        }
    }

    private void AbortQuietly(IRecordingFile file)
    {
        try
        {
            file.Abort();
        }
        catch (Exception exception) when (IsStorageFailure(exception) || exception is ObjectDisposedException)
        {
            Log.FileCloseFailed(_logger, exception, CallId, file.Name);
        }
    }

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
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            // Not even the header could be written: nothing worth keeping (or listing) is in the file.
            AbortQuietly(file);
            throw;
        }
        catch
        {
            DisposeQuietly(file);
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
                lock (_gate)
                {
                    _failure ??= exception;
                }

                long size = 0;
                try
                {
                    size = track.File.Stream.CanSeek ? track.File.Stream.Length : 0;
                }
                catch (Exception lengthFailure) when (IsStorageFailure(lengthFailure) || lengthFailure is ObjectDisposedException)
                {
                }

                DisposeQuietly(track.File);
                _files.Add(new RecordedFile(track.File.Name, track.Kind, track.ParticipantId, track.Segment, size, audioBytes, null, Committed: false));
                Log.CommitFailed(_logger, exception, CallId, track.File.Name);
            }
        }

        _allTracks.Clear();
        _participantTracks.Clear();
        _mixed = null;
    }

    /// <summary>
    /// Writes the metadata with the recording; when that fails (a full disk), again after releasing the reserve; then
    /// in the fallback directory. Returns where it went: <c>primary</c>, <c>reserve</c> or <c>fallback</c>. Throws the
    /// last storage failure when it could be written nowhere.
    /// </summary>
    private string WriteMetadata(RecordingMetadata metadata)
    {
        // Once the metadata is safely on disk the reserve goes, before the metadata shows under its name: whoever sees
        // the metadata sees no reserve left.
        if (TryWriteMetadata(_storage, metadata, beforeCommit: () => ReleaseReserve()) is not { } failure)
        {
            return "primary";
        }

        if (ReleaseReserve())
        {
            if (TryWriteMetadata(_storage, metadata) is not { } again)
            {
                Log.MetadataFromReserve(_logger, CallId, MetadataName);
                return "reserve";
            }

            failure = again;
        }

        if (_options.MetadataFallbackDirectory is { Length: > 0 } directory)
        {
            var fallback = new FileSystemRecordingStorage(directory);
            if (TryWriteMetadata(fallback, metadata) is not { } elsewhere)
            {
                Log.MetadataInFallback(_logger, CallId, MetadataName, fallback.Directory);
                return "fallback";
            }

            failure = elsewhere;
        }

        Log.MetadataLost(_logger, failure, CallId, MetadataName, metadata.Files.Count, metadata.Files.Count(f => !f.Committed));
        ExceptionDispatchInfo.Throw(failure);
        return "lost";
    }

    /// <summary>
    /// One attempt to commit the metadata in <paramref name="storage"/>: written and flushed to storage, then
    /// <paramref name="beforeCommit"/>, then committed. A failed attempt leaves no temporary file behind.
    /// </summary>
    private Exception? TryWriteMetadata(IRecordingStorage storage, RecordingMetadata metadata, Action? beforeCommit = null)
    {
        IRecordingFile? file = null;
        try
        {
            file = storage.Create(MetadataName);
            JsonSerializer.Serialize(file.Stream, metadata, RecordingMetadataJson.Default.RecordingMetadata);
            file.Flush();
            beforeCommit?.Invoke();
            file.Commit();
            return null;
        }
        catch (Exception exception) when (IsStorageFailure(exception))
        {
            if (file is not null)
            {
                AbortQuietly(file);
            }

            return exception;
        }
    }

    private sealed record Track(IRecordingFile File, WavWriter Writer, WavRecorder Recorder, string Kind, string? ParticipantId, int Segment);
}
