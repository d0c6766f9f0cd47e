using Microsoft.Extensions.Logging;

namespace CallingBot.Media.Sessions;

/// <summary>
/// The media endpoint's events: admission, connection, the receive loop and the transport of app-hosted media
/// sessions. They keep the ids they were published with (3500–3505), in the host's range, because operators filter on them.
/// </summary>
internal static partial class MediaSessionLog
{
    [LoggerMessage(3500, LogLevel.Warning, "Media connection refused for session {SessionId}: {Reason}", EventName = "MediaRefused")]
    public static partial void Refused(ILogger logger, string sessionId, string reason);

    [LoggerMessage(3501, LogLevel.Information, "Media connected for call {CallId} (session {SessionId})", EventName = "MediaConnected")]
    public static partial void Connected(ILogger logger, string callId, Guid sessionId);

    [LoggerMessage(3502, LogLevel.Information, "Media disconnected for call {CallId}: {Reason}; {FramesReceived} frame(s) in, {FramesSent} out, {FramesDropped} dropped", EventName = "MediaDisconnected")]
    public static partial void Disconnected(ILogger logger, string callId, string reason, long framesReceived, long framesSent, long framesDropped);

    [LoggerMessage(3503, LogLevel.Warning, "Media protocol violation on call {CallId}; closing the socket", EventName = "MediaProtocolViolation")]
    public static partial void ProtocolViolation(ILogger logger, Exception exception, string callId);

    [LoggerMessage(3504, LogLevel.Warning, "Media socket of call {CallId} failed", EventName = "MediaSocketFailed")]
    public static partial void SocketFailed(ILogger logger, Exception exception, string callId);

    [LoggerMessage(3505, LogLevel.Debug, "Media send on call {CallId} failed; the socket is closed", EventName = "MediaSendFailed")]
    public static partial void SendFailed(ILogger logger, Exception exception, string callId);
}
