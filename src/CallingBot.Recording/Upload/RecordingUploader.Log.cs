using CallingBot.Recording.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Recording.Upload;

internal sealed partial class RecordingUploader
{
    private static partial class Log
    {
        [LoggerMessage(EventId = RecordingEventIds.UploaderStarted, EventName = nameof(RecordingEventIds.UploaderStarted), Level = LogLevel.Information, Message = "Recordings committed in {Directory} are uploaded to {Container}; local copies: {Retention}")]
        public static partial void Started(ILogger logger, string container, string directory, string retention);

        [LoggerMessage(EventId = RecordingEventIds.RecordingUploaded, EventName = nameof(RecordingEventIds.RecordingUploaded), Level = LogLevel.Information, Message = "Recording of call {CallId} uploaded and verified: {Files} file(s), {Bytes} bytes in {Container}")]
        public static partial void Uploaded(ILogger logger, string callId, int files, long bytes, string container);

        [LoggerMessage(EventId = RecordingEventIds.RecordingUploadFailed, EventName = nameof(RecordingEventIds.RecordingUploadFailed), Level = LogLevel.Warning, Message = "Upload of recording {Metadata} failed (attempt {Attempts}); it stays in the local directory and is retried in {RetryIn}")]
        public static partial void UploadFailed(ILogger logger, Exception exception, string metadata, int attempts, TimeSpan retryIn);

        [LoggerMessage(EventId = RecordingEventIds.RecordingUploadConflict, EventName = nameof(RecordingEventIds.RecordingUploadConflict), Level = LogLevel.Error, Message = "Recording {Metadata} cannot be uploaded: a blob of the same name holds other content; the recording stays local (checked again in {RetryIn})")]
        public static partial void Conflict(ILogger logger, Exception exception, string metadata, TimeSpan retryIn);

        [LoggerMessage(EventId = RecordingEventIds.RecordingUploadUnreadable, EventName = nameof(RecordingEventIds.RecordingUploadUnreadable), Level = LogLevel.Error, Message = "Recording {Metadata} cannot be uploaded: a local file is missing or unreadable (checked again in {RetryIn})")]
        public static partial void Unreadable(ILogger logger, Exception exception, string metadata, TimeSpan retryIn);

        [LoggerMessage(EventId = RecordingEventIds.LocalCopiesDeleted, EventName = nameof(RecordingEventIds.LocalCopiesDeleted), Level = LogLevel.Information, Message = "Local copies of recording {Marker} deleted by the retention: {Files} file(s), verified in the container at {UploadedAt}")]
        public static partial void LocalCopiesDeleted(ILogger logger, string marker, int files, DateTimeOffset uploadedAt);

        [LoggerMessage(EventId = RecordingEventIds.LocalCopiesDeleteFailed, EventName = nameof(RecordingEventIds.LocalCopiesDeleteFailed), Level = LogLevel.Warning, Message = "Local copies of recording {Marker} could not be deleted by the retention; tried again at the next pass")]
        public static partial void LocalCopiesDeleteFailed(ILogger logger, Exception exception, string marker);

        [LoggerMessage(EventId = RecordingEventIds.UploaderFailed, EventName = nameof(RecordingEventIds.UploaderFailed), Level = LogLevel.Error, Message = "Scanning the recording directory {Directory} for uploads failed; tried again at the next pass")]
        public static partial void PassFailed(ILogger logger, Exception exception, string directory);

        [LoggerMessage(EventId = RecordingEventIds.StorageRecovered, EventName = nameof(RecordingEventIds.StorageRecovered), Level = LogLevel.Information, Message = "Recording {Metadata} uploaded after {Attempts} failed attempt(s)")]
        public static partial void Recovered(ILogger logger, string metadata, int attempts);
    }
}
