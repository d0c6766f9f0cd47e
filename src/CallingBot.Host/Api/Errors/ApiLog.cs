namespace CallingBot.Host.Api.Errors;

/// <summary>Log events of the REST API.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(3600, LogLevel.Information, "API: placed call {CallId} to {TargetCount} target(s) with handler {Handler}", EventName = "ApiCallCreated")]
    public static partial void CallCreated(ILogger logger, string callId, int targetCount, string handler);

    [LoggerMessage(3601, LogLevel.Information, "API: joining meeting as call {CallId} with handler {Handler}", EventName = "ApiMeetingJoined")]
    public static partial void MeetingJoined(ILogger logger, string callId, string handler);

    [LoggerMessage(3602, LogLevel.Information, "API: {Operation} on call {CallId}", EventName = "ApiOperation")]
    public static partial void Operation(ILogger logger, string operation, string callId);

    [LoggerMessage(3603, LogLevel.Warning, "API: {Operation} failed: the calling service refused it", EventName = "ApiServiceFailure")]
    public static partial void ServiceFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(3604, LogLevel.Warning, "API: {Operation} refused: {Reason}", EventName = "ApiUnavailable")]
    public static partial void Unavailable(ILogger logger, string operation, string reason);
}
