using CallingBot.AspNetCore.Diagnostics;

namespace CallingBot.AspNetCore.Api.Errors;

/// <summary>Log events of the REST API.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(EventId = AspNetCoreEventIds.ApiCallCreated, EventName = nameof(AspNetCoreEventIds.ApiCallCreated), Level = LogLevel.Information, Message = "API: placed call {CallId} to {TargetCount} target(s) with handler {Handler}")]
    public static partial void CallCreated(ILogger logger, string callId, int targetCount, string handler);

    [LoggerMessage(EventId = AspNetCoreEventIds.ApiMeetingJoined, EventName = nameof(AspNetCoreEventIds.ApiMeetingJoined), Level = LogLevel.Information, Message = "API: joining meeting as call {CallId} with handler {Handler}")]
    public static partial void MeetingJoined(ILogger logger, string callId, string handler);

    [LoggerMessage(EventId = AspNetCoreEventIds.ApiOperation, EventName = nameof(AspNetCoreEventIds.ApiOperation), Level = LogLevel.Information, Message = "API: {Operation} on call {CallId}")]
    public static partial void Operation(ILogger logger, string operation, string callId);

    [LoggerMessage(EventId = AspNetCoreEventIds.ApiServiceFailure, EventName = nameof(AspNetCoreEventIds.ApiServiceFailure), Level = LogLevel.Warning, Message = "API: {Operation} failed: the calling service refused it")]
    public static partial void ServiceFailed(ILogger logger, Exception exception, string operation);

    [LoggerMessage(EventId = AspNetCoreEventIds.ApiUnavailable, EventName = nameof(AspNetCoreEventIds.ApiUnavailable), Level = LogLevel.Warning, Message = "API: {Operation} refused: {Reason}")]
    public static partial void Unavailable(ILogger logger, string operation, string reason);
}
