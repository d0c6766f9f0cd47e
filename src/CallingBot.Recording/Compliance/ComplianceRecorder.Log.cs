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
    }
}
