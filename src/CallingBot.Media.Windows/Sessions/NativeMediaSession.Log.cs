using CallingBot.Media.Windows.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Skype.Bots.Media;
using LogLevel = Microsoft.Extensions.Logging.LogLevel;

namespace CallingBot.Media.Windows.Sessions;

public sealed partial class NativeMediaSession
{
    private static partial class Log
    {
        [LoggerMessage(EventId = MediaWindowsEventIds.MediaFlowing, EventName = nameof(MediaWindowsEventIds.MediaFlowing), Level = LogLevel.Information, Message = "Native media of call {CallId} is flowing (session {SessionId})")]
        public static partial void MediaFlowing(ILogger logger, string callId, Guid sessionId);

        [LoggerMessage(EventId = MediaWindowsEventIds.SendStatusChanged, EventName = nameof(MediaWindowsEventIds.SendStatusChanged), Level = LogLevel.Debug, Message = "Native {Modality} send status of call {CallId}: {Status}")]
        public static partial void SendStatusChanged(ILogger logger, string modality, string callId, MediaSendStatus status);

        [LoggerMessage(EventId = MediaWindowsEventIds.ToneReceived, EventName = nameof(MediaWindowsEventIds.ToneReceived), Level = LogLevel.Debug, Message = "Call {CallId} received tone {Tone}")]
        public static partial void ToneReceived(ILogger logger, string callId, ToneId tone);

        [LoggerMessage(EventId = MediaWindowsEventIds.DominantSpeakerChanged, EventName = nameof(MediaWindowsEventIds.DominantSpeakerChanged), Level = LogLevel.Debug, Message = "Dominant speaker of call {CallId} is now source {SourceId}")]
        public static partial void DominantSpeakerChanged(ILogger logger, string callId, uint sourceId);

        [LoggerMessage(EventId = MediaWindowsEventIds.VideoSubscribed, EventName = nameof(MediaWindowsEventIds.VideoSubscribed), Level = LogLevel.Debug, Message = "Call {CallId} subscribed to the video of source {SourceId} at {Resolution}")]
        public static partial void VideoSubscribed(ILogger logger, string callId, uint sourceId, VideoResolution resolution);

        [LoggerMessage(EventId = MediaWindowsEventIds.AudioBufferSizeMismatch, EventName = nameof(MediaWindowsEventIds.AudioBufferSizeMismatch), Level = LogLevel.Warning, Message = "Call {CallId} received an audio buffer of {Length} bytes, not one frame; such buffers are dropped")]
        public static partial void AudioBufferSizeMismatch(ILogger logger, string callId, long length);

        [LoggerMessage(EventId = MediaWindowsEventIds.StreamFailed, EventName = nameof(MediaWindowsEventIds.StreamFailed), Level = LogLevel.Warning, Message = "The native media stream of call {CallId} failed; the platform reconnects it or the call ends")]
        public static partial void StreamFailed(ILogger logger, string callId);

        [LoggerMessage(EventId = MediaWindowsEventIds.SessionClosed, EventName = nameof(MediaWindowsEventIds.SessionClosed), Level = LogLevel.Information, Message = "Native media session {SessionId} of call {CallId} closed: {FramesReceived} frames received, {FramesSent} sent, {SendDropped} not sent")]
        public static partial void Closed(ILogger logger, Guid sessionId, string callId, long framesReceived, long framesSent, long sendDropped);

        [LoggerMessage(EventId = MediaWindowsEventIds.EventHandlerFailed, EventName = nameof(MediaWindowsEventIds.EventHandlerFailed), Level = LogLevel.Error, Message = "A native media event handler of call {CallId} failed ({EventName})")]
        public static partial void EventHandlerFailed(ILogger logger, Exception exception, string callId, string eventName);
    }
}
