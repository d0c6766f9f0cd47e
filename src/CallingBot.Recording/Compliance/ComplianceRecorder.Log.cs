using CallingBot.Recording.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Compliance;

public sealed partial class ComplianceRecorder
{
    private static partial class Log
    {
        [LoggerMessage(EventId = RecordingEventIds.RecordingStarted, EventName = nameof(RecordingEventIds.RecordingStarted), Level = LogLevel.Information, Message = "Recording of call {CallId} started (segment {Segment})")]
        public static partial void RecordingStarted(ILogger logger, string callId, int segment);

        [LoggerMessage(EventId = RecordingEventIds.RecordingStorageFailed, EventName = nameof(RecordingEventIds.RecordingStorageFailed), Level = LogLevel.Error, Message = "Recording storage failed for call {CallId} (segment {Segment})")]
        public static partial void StorageFailed(ILogger logger, Exception exception, string callId, int segment);

        [LoggerMessage(EventId = RecordingEventIds.RecordingRetry, EventName = nameof(RecordingEventIds.RecordingRetry), Level = LogLevel.Warning, Message = "Recording of call {CallId} continues in new segment {Segment}")]
        public static partial void RetryingSegment(ILogger logger, string callId, int segment);

        [LoggerMessage(EventId = RecordingEventIds.RecordingCommitFailed, EventName = nameof(RecordingEventIds.RecordingCommitFailed), Level = LogLevel.Error, Message = "Recording file {File} of call {CallId} could not be committed; its temporary file is kept")]
        public static partial void CommitFailed(ILogger logger, Exception exception, string callId, string file);

        [LoggerMessage(EventId = RecordingEventIds.RecordingStopped, EventName = nameof(RecordingEventIds.RecordingStopped), Level = LogLevel.Information, Message = "Recording of call {CallId} stopped: {Status}, {Files} file(s), {AudioBytes} audio bytes")]
        public static partial void RecordingStopped(ILogger logger, string callId, string status, int files, long audioBytes);

        [LoggerMessage(EventId = RecordingEventIds.RecordingParticipantTracksFull, EventName = nameof(RecordingEventIds.RecordingParticipantTracksFull), Level = LogLevel.Warning, Message = "Recording of call {CallId}: {MaxParticipantTracks} participants have files of their own; the audio of further participants is recorded in the mixed file only")]
        public static partial void ParticipantTracksFull(ILogger logger, string callId, int maxParticipantTracks);

        [LoggerMessage(EventId = RecordingEventIds.RecordingReserveFailed, EventName = nameof(RecordingEventIds.RecordingReserveFailed), Level = LogLevel.Warning, Message = "Recording of call {CallId}: {Bytes} bytes could not be reserved for the metadata; on a full disk it goes to the fallback directory, if any")]
        public static partial void ReserveFailed(ILogger logger, Exception exception, string callId, int bytes);

        [LoggerMessage(EventId = RecordingEventIds.RecordingMetadataFromReserve, EventName = nameof(RecordingEventIds.RecordingMetadataFromReserve), Level = LogLevel.Error, Message = "Recording storage of call {CallId} is full: its metadata {File} was written into the space reserved at the recording's start")]
        public static partial void MetadataFromReserve(ILogger logger, string callId, string file);

        [LoggerMessage(EventId = RecordingEventIds.RecordingMetadataInFallback, EventName = nameof(RecordingEventIds.RecordingMetadataInFallback), Level = LogLevel.Error, Message = "Recording metadata {File} of call {CallId} could not be written with its recording; it was written to the fallback directory {Directory}")]
        public static partial void MetadataInFallback(ILogger logger, string callId, string file, string directory);

        [LoggerMessage(EventId = RecordingEventIds.RecordingMetadataLost, EventName = nameof(RecordingEventIds.RecordingMetadataLost), Level = LogLevel.Error, Message = "Recording metadata {File} of call {CallId} could not be written anywhere; the recording's files ({Files}, {Uncommitted} not committed) are not described")]
        public static partial void MetadataLost(ILogger logger, Exception exception, string callId, string file, int files, int uncommitted);

        [LoggerMessage(EventId = RecordingEventIds.RecordingFileCloseFailed, EventName = nameof(RecordingEventIds.RecordingFileCloseFailed), Level = LogLevel.Warning, Message = "Recording file {File} of call {CallId} could not be closed cleanly; audio not yet flushed to it is lost")]
        public static partial void FileCloseFailed(ILogger logger, Exception exception, string callId, string file);
    }
}
