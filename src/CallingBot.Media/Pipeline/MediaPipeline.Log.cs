using CallingBot.Media.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Media.Pipeline;

public sealed partial class MediaPipeline
{
    private static partial class Log
    {
        [LoggerMessage(EventId = MediaEventIds.MediaPipelineStarted, EventName = nameof(MediaEventIds.MediaPipelineStarted), Level = LogLevel.Debug,
            Message = "Media pipeline of call {CallId} started with {AudioProcessors} audio and {VideoProcessors} video processors")]
        public static partial void Started(ILogger logger, string callId, int audioProcessors, int videoProcessors);

        [LoggerMessage(EventId = MediaEventIds.MediaProcessorFailed, EventName = nameof(MediaEventIds.MediaProcessorFailed), Level = LogLevel.Error,
            Message = "Media processor {Processor} of call {CallId} failed; the frame went on to the next processor and further failures of this processor are only counted")]
        public static partial void ProcessorFailed(ILogger logger, string callId, string processor, Exception exception);

        [LoggerMessage(EventId = MediaEventIds.MediaProcessorDisposeFailed, EventName = nameof(MediaEventIds.MediaProcessorDisposeFailed), Level = LogLevel.Warning,
            Message = "Media processor {Processor} of call {CallId} failed to dispose")]
        public static partial void ProcessorDisposeFailed(ILogger logger, string callId, string processor, Exception exception);

        [LoggerMessage(EventId = MediaEventIds.MediaPipelineStopped, EventName = nameof(MediaEventIds.MediaPipelineStopped), Level = LogLevel.Information,
            Message = "Media pipeline of call {CallId} stopped: {FramesReceived} frames received, {FramesProcessed} processed, {FramesDropped} dropped, {FramesSent} sent")]
        public static partial void Stopped(ILogger logger, string callId, long framesReceived, long framesProcessed, long framesDropped, long framesSent);
    }
}
