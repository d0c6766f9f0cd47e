using CallingBot.Media.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Media.Sessions;

/// <summary>
/// The media endpoint's events: admission, connection, the receive loop and the transport of app-hosted media
/// sessions. They keep the ids they were published with (3500–3505), which open Media's block, because operators filter on them.
/// </summary>
internal static partial class MediaSessionLog
{
    [LoggerMessage(EventId = MediaEventIds.MediaRefused, EventName = nameof(MediaEventIds.MediaRefused), Level = LogLevel.Warning, Message = "Media connection refused for session {SessionId}: {Reason}")]
    public static partial void Refused(ILogger logger, string sessionId, string reason);

    [LoggerMessage(EventId = MediaEventIds.MediaConnected, EventName = nameof(MediaEventIds.MediaConnected), Level = LogLevel.Information, Message = "Media connected for call {CallId} (session {SessionId})")]
    public static partial void Connected(ILogger logger, string callId, Guid sessionId);

    [LoggerMessage(EventId = MediaEventIds.MediaDisconnected, EventName = nameof(MediaEventIds.MediaDisconnected), Level = LogLevel.Information, Message = "Media disconnected for call {CallId}: {Reason}; {FramesReceived} frame(s) in, {FramesSent} out, {FramesDropped} dropped")]
    public static partial void Disconnected(ILogger logger, string callId, string reason, long framesReceived, long framesSent, long framesDropped);

    [LoggerMessage(EventId = MediaEventIds.MediaProtocolViolation, EventName = nameof(MediaEventIds.MediaProtocolViolation), Level = LogLevel.Warning, Message = "Media protocol violation on call {CallId}; closing the socket")]
    public static partial void ProtocolViolation(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = MediaEventIds.MediaMessageRejected, EventName = nameof(MediaEventIds.MediaMessageRejected), Level = LogLevel.Debug, Message = "Media message on call {CallId} dropped: {Reason}")]
    public static partial void MessageRejected(ILogger logger, string callId, string reason);

    [LoggerMessage(EventId = MediaEventIds.MediaSocketFailed, EventName = nameof(MediaEventIds.MediaSocketFailed), Level = LogLevel.Warning, Message = "Media socket of call {CallId} failed")]
    public static partial void SocketFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(EventId = MediaEventIds.MediaSendFailed, EventName = nameof(MediaEventIds.MediaSendFailed), Level = LogLevel.Debug, Message = "Media send on call {CallId} failed; the socket is closed")]
    public static partial void SendFailed(ILogger logger, Exception exception, string callId);
}
