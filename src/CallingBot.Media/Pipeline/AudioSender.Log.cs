using CallingBot.Media.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Media.Pipeline;

public sealed partial class AudioSender
{
    private static partial class Log
    {
        [LoggerMessage(EventId = MediaEventIds.MediaAudioSendFailed, EventName = nameof(MediaEventIds.MediaAudioSendFailed), Level = LogLevel.Warning,
            Message = "Sending audio for call {CallId} failed; further failures are only counted")]
        public static partial void SendFailed(ILogger logger, string callId, Exception exception);

        [LoggerMessage(EventId = MediaEventIds.MediaPacingResync, EventName = nameof(MediaEventIds.MediaPacingResync), Level = LogLevel.Debug,
            Message = "Audio sender of call {CallId} fell behind and skipped ahead to slot {Slot}")]
        public static partial void PacingResync(ILogger logger, string callId, long slot);

        [LoggerMessage(EventId = MediaEventIds.MediaSourceFailed, EventName = nameof(MediaEventIds.MediaSourceFailed), Level = LogLevel.Warning,
            Message = "Audio source of call {CallId} failed; playback stopped")]
        public static partial void SourceFailed(ILogger logger, string callId, Exception exception);
    }
}
