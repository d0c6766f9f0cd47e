using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Calls;

/// <summary>Log events of the emulated calls (event ids 200-299).</summary>
internal static partial class CallLog
{
    [LoggerMessage(EventId = 200, EventName = "CallCreated", Level = LogLevel.Information, Message = "Call {CallId} ({Kind}, {Direction}) created for app {AppId}")]
    public static partial void CallCreated(ILogger logger, string callId, CallKind kind, string direction, string appId);

    [LoggerMessage(EventId = 201, EventName = "CallEnded", Level = LogLevel.Information, Message = "Call {CallId} ended with {Code}: {Message}")]
    public static partial void CallEnded(ILogger logger, string callId, int code, string message);

    [LoggerMessage(EventId = 202, EventName = "AnswerTimeout", Level = LogLevel.Information, Message = "Call {CallId} was not answered within {Timeout}")]
    public static partial void AnswerTimedOut(ILogger logger, string callId, TimeSpan timeout);
}
