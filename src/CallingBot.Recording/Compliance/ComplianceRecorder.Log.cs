using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Compliance;

public sealed partial class ComplianceRecorder
{
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
