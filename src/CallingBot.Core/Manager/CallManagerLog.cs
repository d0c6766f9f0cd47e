using CallingBot.Core.Calls;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Manager;

internal static partial class CallManagerLog
{
    [LoggerMessage(1000, LogLevel.Information, "Incoming call from {Caller} (tenant {TenantId}, peer-to-peer {IsPeerToPeer}, policy recording {IsPolicyRecording})", EventName = "IncomingCall")]
    public static partial void IncomingCall(ILogger logger, string caller, string tenantId, bool isPeerToPeer, bool isPolicyRecording);

    [LoggerMessage(1001, LogLevel.Information, "Decision {Decision} sent after {ElapsedMs:0.0} ms", EventName = "DecisionSent")]
    public static partial void DecisionSent(ILogger logger, string decision, double elapsedMs);

    [LoggerMessage(1002, LogLevel.Warning, "Router did not decide within {BudgetMs} ms; applying {Action}", EventName = "DecisionLate")]
    public static partial void DecisionLate(ILogger logger, double budgetMs, UndecidedCallAction action);

    [LoggerMessage(1003, LogLevel.Error, "Router failed; applying {Action}", EventName = "RouterFailed")]
    public static partial void RouterFailed(ILogger logger, Exception exception, UndecidedCallAction action);

    [LoggerMessage(1004, LogLevel.Error, "Sending the decision {Decision} failed", EventName = "DecisionFailed")]
    public static partial void DecisionFailed(ILogger logger, Exception exception, string decision);

    [LoggerMessage(1005, LogLevel.Information, "Call state {State}", EventName = "CallStateChanged")]
    public static partial void StateChanged(ILogger logger, CallState state);

    [LoggerMessage(1006, LogLevel.Debug, "Ignored state {State} after {Current} (duplicate or out of order)", EventName = "StaleState")]
    public static partial void StaleState(ILogger logger, CallState state, CallState current);

    [LoggerMessage(1007, LogLevel.Error, "Handler {Handler} failed in {Callback}; hanging up", EventName = "HandlerFailed")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string handler, string callback);

    [LoggerMessage(1008, LogLevel.Information, "Call removed after {DurationSeconds:0.0} s ({Outcome}, code {Code}/{Subcode})", EventName = "CallRemoved")]
    public static partial void CallRemoved(ILogger logger, double durationSeconds, string outcome, int code, int subcode);

    [LoggerMessage(1009, LogLevel.Warning, "Hang-up after failure did not succeed", EventName = "HangUpFailed")]
    public static partial void HangUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(1010, LogLevel.Warning, "keepAlive failed", EventName = "KeepAliveFailed")]
    public static partial void KeepAliveFailed(ILogger logger, Exception exception);

    [LoggerMessage(1011, LogLevel.Debug, "Event {EventType} for unknown call {CallId} held until the call is registered", EventName = "EventHeld")]
    public static partial void EventHeld(ILogger logger, string eventType, string callId);

    [LoggerMessage(1012, LogLevel.Warning, "Incoming call {CallId} is a duplicate of a call already held; ignored", EventName = "DuplicateIncoming")]
    public static partial void DuplicateIncoming(ILogger logger, string callId);

    [LoggerMessage(1013, LogLevel.Warning, "At capacity ({Count} calls); rejecting incoming call as busy", EventName = "AtCapacity")]
    public static partial void AtCapacity(ILogger logger, int count);

    [LoggerMessage(1014, LogLevel.Warning, "Draining: {Count} calls still active after {Seconds:0.#} s; hanging them up", EventName = "DrainTimeout")]
    public static partial void DrainTimeout(ILogger logger, int count, double seconds);

    [LoggerMessage(1015, LogLevel.Error, "Handler {Handler} failed deciding on a joining participant; rejecting them", EventName = "ParticipantJoiningFailed")]
    public static partial void ParticipantJoiningFailed(ILogger logger, Exception exception, string handler);

    [LoggerMessage(1017, LogLevel.Information, "Policy group participant {Participant} joining: accepted {Accepted} ({Recorded} recorded, capacity {Capacity})", EventName = "ParticipantJoiningDecided")]
    public static partial void ParticipantJoiningDecided(ILogger logger, string participant, bool accepted, int recorded, int capacity);

    [LoggerMessage(1018, LogLevel.Warning, "Participant joining for unknown call {CallId}; rejecting", EventName = "ParticipantJoiningUnknownCall")]
    public static partial void ParticipantJoiningUnknownCall(ILogger logger, string callId);

    [LoggerMessage(1019, LogLevel.Warning, "The service refused {Decision} as final ({Kind}): {Reason}; the call is dropped", EventName = "DecisionRefused")]
    public static partial void DecisionRefused(ILogger logger, string decision, Platform.PlatformErrorKind kind, string reason);

    [LoggerMessage(1020, LogLevel.Warning, "Call neither established nor ended {AgeSeconds:0.0} s after it arrived (service deadline {DeadlineSeconds:0} s); dropped", EventName = "CallReaped")]
    public static partial void CallReaped(ILogger logger, double ageSeconds, double deadlineSeconds);

    [LoggerMessage(1021, LogLevel.Error, "Looking for calls past their deadline failed", EventName = "ReaperFailed")]
    public static partial void ReaperFailed(ILogger logger, Exception exception);

    [LoggerMessage(1022, LogLevel.Warning, "Handler {Handler} did not finish OnTerminatedAsync within {TimeoutSeconds:0.#} s; the call is removed without waiting", EventName = "HandlerTerminationTimedOut")]
    public static partial void HandlerTerminationTimedOut(ILogger logger, string handler, double timeoutSeconds);

    [LoggerMessage(1023, LogLevel.Error, "The call's event loop failed; the call is removed", EventName = "CallLoopFailed")]
    public static partial void CallLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(1016, LogLevel.Debug, "Event {EventType} arrived after the call ended; ignored", EventName = "EventAfterEnd")]
    public static partial void EventAfterEnd(ILogger logger, string eventType);
}
