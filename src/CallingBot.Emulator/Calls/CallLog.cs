using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Calls;

/// <summary>Log events of the emulated calls (event ids 200-299).</summary>
internal static partial class CallLog
{
    [LoggerMessage(EventId = EmulatorEventIds.CallCreated, EventName = nameof(EmulatorEventIds.CallCreated), Level = LogLevel.Information, Message = "Call {CallId} ({Kind}, {Direction}) created for app {AppId}")]
    public static partial void CallCreated(ILogger logger, string callId, CallKind kind, string direction, string appId);

    [LoggerMessage(EventId = EmulatorEventIds.CallEnded, EventName = nameof(EmulatorEventIds.CallEnded), Level = LogLevel.Information, Message = "Call {CallId} ended with {Code}: {Message}")]
    public static partial void CallEnded(ILogger logger, string callId, int code, string message);

    [LoggerMessage(EventId = EmulatorEventIds.AnswerTimeout, EventName = nameof(EmulatorEventIds.AnswerTimeout), Level = LogLevel.Information, Message = "Call {CallId} was not answered within {Timeout}")]
    public static partial void AnswerTimedOut(ILogger logger, string callId, TimeSpan timeout);
}
