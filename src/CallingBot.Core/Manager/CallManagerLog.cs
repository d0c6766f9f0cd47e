using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Manager;

internal static partial class CallManagerLog
{
    [LoggerMessage(EventId = CoreEventIds.IncomingCall, EventName = nameof(CoreEventIds.IncomingCall), Level = LogLevel.Information, Message = "Incoming call from {Caller} (tenant {TenantId}, peer-to-peer {IsPeerToPeer}, policy recording {IsPolicyRecording})")]
    public static partial void IncomingCall(ILogger logger, string caller, string tenantId, bool isPeerToPeer, bool isPolicyRecording);

    [LoggerMessage(EventId = CoreEventIds.DecisionSent, EventName = nameof(CoreEventIds.DecisionSent), Level = LogLevel.Information, Message = "Decision {Decision} sent after {ElapsedMs:0.0} ms")]
    public static partial void DecisionSent(ILogger logger, string decision, double elapsedMs);

    [LoggerMessage(EventId = CoreEventIds.DecisionLate, EventName = nameof(CoreEventIds.DecisionLate), Level = LogLevel.Warning, Message = "Router did not decide within {BudgetMs} ms; applying {Action}")]
    public static partial void DecisionLate(ILogger logger, double budgetMs, UndecidedCallAction action);

    [LoggerMessage(EventId = CoreEventIds.RouterFailed, EventName = nameof(CoreEventIds.RouterFailed), Level = LogLevel.Error, Message = "Router failed; applying {Action}")]
    public static partial void RouterFailed(ILogger logger, Exception exception, UndecidedCallAction action);

    [LoggerMessage(EventId = CoreEventIds.DecisionFailed, EventName = nameof(CoreEventIds.DecisionFailed), Level = LogLevel.Error, Message = "Sending the decision {Decision} failed")]
    public static partial void DecisionFailed(ILogger logger, Exception exception, string decision);

    [LoggerMessage(EventId = CoreEventIds.CallStateChanged, EventName = nameof(CoreEventIds.CallStateChanged), Level = LogLevel.Information, Message = "Call state {State}")]
    public static partial void StateChanged(ILogger logger, CallState state);

    [LoggerMessage(EventId = CoreEventIds.StaleState, EventName = nameof(CoreEventIds.StaleState), Level = LogLevel.Debug, Message = "Ignored state {State} after {Current} (duplicate or out of order)")]
    public static partial void StaleState(ILogger logger, CallState state, CallState current);

    [LoggerMessage(EventId = CoreEventIds.HandlerFailed, EventName = nameof(CoreEventIds.HandlerFailed), Level = LogLevel.Error, Message = "Handler {Handler} failed in {Callback}; hanging up")]
    public static partial void HandlerFailed(ILogger logger, Exception exception, string handler, string callback);

    [LoggerMessage(EventId = CoreEventIds.CallRemoved, EventName = nameof(CoreEventIds.CallRemoved), Level = LogLevel.Information, Message = "Call removed after {DurationSeconds:0.0} s ({Outcome}, code {Code}/{Subcode})")]
    public static partial void CallRemoved(ILogger logger, double durationSeconds, string outcome, int code, int subcode);

    [LoggerMessage(EventId = CoreEventIds.HangUpFailed, EventName = nameof(CoreEventIds.HangUpFailed), Level = LogLevel.Warning, Message = "Hang-up after failure did not succeed")]
    public static partial void HangUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CoreEventIds.KeepAliveFailed, EventName = nameof(CoreEventIds.KeepAliveFailed), Level = LogLevel.Warning, Message = "keepAlive failed")]
    public static partial void KeepAliveFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CoreEventIds.EventHeld, EventName = nameof(CoreEventIds.EventHeld), Level = LogLevel.Debug, Message = "Event {EventType} for unknown call {CallId} held until the call is registered")]
    public static partial void EventHeld(ILogger logger, string eventType, string callId);

    [LoggerMessage(EventId = CoreEventIds.DuplicateIncoming, EventName = nameof(CoreEventIds.DuplicateIncoming), Level = LogLevel.Warning, Message = "Incoming call {CallId} is a duplicate of a call already held; ignored")]
    public static partial void DuplicateIncoming(ILogger logger, string callId);

    [LoggerMessage(EventId = CoreEventIds.AtCapacity, EventName = nameof(CoreEventIds.AtCapacity), Level = LogLevel.Warning, Message = "At capacity ({Count} calls); rejecting incoming call as busy")]
    public static partial void AtCapacity(ILogger logger, int count);

    [LoggerMessage(EventId = CoreEventIds.DrainTimeout, EventName = nameof(CoreEventIds.DrainTimeout), Level = LogLevel.Warning, Message = "Draining: {Count} calls still active after {Seconds:0.#} s; hanging them up")]
    public static partial void DrainTimeout(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = CoreEventIds.ParticipantJoiningFailed, EventName = nameof(CoreEventIds.ParticipantJoiningFailed), Level = LogLevel.Error, Message = "Handler {Handler} failed deciding on a joining participant; rejecting them")]
    public static partial void ParticipantJoiningFailed(ILogger logger, Exception exception, string handler);

    [LoggerMessage(EventId = CoreEventIds.ParticipantJoiningDecided, EventName = nameof(CoreEventIds.ParticipantJoiningDecided), Level = LogLevel.Information, Message = "Policy group participant {Participant} joining: accepted {Accepted} ({Recorded} recorded, capacity {Capacity})")]
    public static partial void ParticipantJoiningDecided(ILogger logger, string participant, bool accepted, int recorded, int capacity);

    [LoggerMessage(EventId = CoreEventIds.ParticipantJoiningUnknownCall, EventName = nameof(CoreEventIds.ParticipantJoiningUnknownCall), Level = LogLevel.Warning, Message = "Participant joining for unknown call {CallId}; rejecting")]
    public static partial void ParticipantJoiningUnknownCall(ILogger logger, string callId);

    [LoggerMessage(EventId = CoreEventIds.DecisionRefused, EventName = nameof(CoreEventIds.DecisionRefused), Level = LogLevel.Warning, Message = "The service refused {Decision} as final ({Kind}): {Reason}; the call is dropped")]
    public static partial void DecisionRefused(ILogger logger, string decision, Platform.PlatformErrorKind kind, string reason);

    [LoggerMessage(EventId = CoreEventIds.RejectedAfterFailedAnswer, EventName = nameof(CoreEventIds.RejectedAfterFailedAnswer), Level = LogLevel.Information, Message = "The answer could not be sent; the call was rejected instead so the caller does not ring until the service's deadline")]
    public static partial void RejectedAfterFailedAnswer(ILogger logger);

    [LoggerMessage(EventId = CoreEventIds.DecisionOvertakenByEnd, EventName = nameof(CoreEventIds.DecisionOvertakenByEnd), Level = LogLevel.Information, Message = "The call ended before the decision {Decision} was sent ({Reason}); nothing to do")]
    public static partial void DecisionOvertakenByEnd(ILogger logger, string decision, string reason);

    [LoggerMessage(EventId = CoreEventIds.RejectAfterFailedAnswerFailed, EventName = nameof(CoreEventIds.RejectAfterFailedAnswerFailed), Level = LogLevel.Warning, Message = "The answer could not be sent and rejecting the call failed too ({Reason}); the service drops it at its deadline")]
    public static partial void RejectAfterFailedAnswerFailed(ILogger logger, string reason);

    [LoggerMessage(EventId = CoreEventIds.CallReaped, EventName = nameof(CoreEventIds.CallReaped), Level = LogLevel.Warning, Message = "Call neither established nor ended {AgeSeconds:0.0} s after it arrived (service deadline {DeadlineSeconds:0} s); dropped")]
    public static partial void CallReaped(ILogger logger, double ageSeconds, double deadlineSeconds);

    [LoggerMessage(EventId = CoreEventIds.ReaperFailed, EventName = nameof(CoreEventIds.ReaperFailed), Level = LogLevel.Error, Message = "Looking for calls past their deadline failed")]
    public static partial void ReaperFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CoreEventIds.HandlerTerminationTimedOut, EventName = nameof(CoreEventIds.HandlerTerminationTimedOut), Level = LogLevel.Warning, Message = "Handler {Handler} did not finish OnTerminatedAsync within {TimeoutSeconds:0.#} s; the call is removed without waiting")]
    public static partial void HandlerTerminationTimedOut(ILogger logger, string handler, double timeoutSeconds);

    [LoggerMessage(EventId = CoreEventIds.CallLoopFailed, EventName = nameof(CoreEventIds.CallLoopFailed), Level = LogLevel.Error, Message = "The call's event loop failed; the call is removed")]
    public static partial void CallLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CoreEventIds.EventAfterEnd, EventName = nameof(CoreEventIds.EventAfterEnd), Level = LogLevel.Debug, Message = "Event {EventType} arrived after the call ended; ignored")]
    public static partial void EventAfterEnd(ILogger logger, string eventType);

    [LoggerMessage(EventId = CoreEventIds.CallAdopted, EventName = nameof(CoreEventIds.CallAdopted), Level = LogLevel.Information, Message = "Call taken over ({Reason}) by handler {Handler} with {SavedEntries} saved state entries")]
    public static partial void CallAdopted(ILogger logger, AdoptionReason reason, string handler, int savedEntries);

    [LoggerMessage(EventId = CoreEventIds.AdoptionDeclined, EventName = nameof(CoreEventIds.AdoptionDeclined), Level = LogLevel.Warning, Message = "The router gave no handler for the call to take over ({Reason}); hanging up")]
    public static partial void AdoptionDeclined(ILogger logger, AdoptionReason reason);

    [LoggerMessage(EventId = CoreEventIds.AdoptionRouterFailed, EventName = nameof(CoreEventIds.AdoptionRouterFailed), Level = LogLevel.Error, Message = "The router failed to give a handler for the call to take over; hanging up")]
    public static partial void AdoptionRouterFailed(ILogger logger, Exception exception);
    [LoggerMessage(EventId = CoreEventIds.RefusedWhileDraining, EventName = nameof(CoreEventIds.RefusedWhileDraining), Level = LogLevel.Information, Message = "Draining: incoming call rejected as busy; the bot is shutting down")]
    public static partial void RefusedWhileDraining(ILogger logger);

    [LoggerMessage(EventId = CoreEventIds.DrainHangUpFailed, EventName = nameof(CoreEventIds.DrainHangUpFailed), Level = LogLevel.Warning, Message = "Draining: hanging up the call failed; it is dropped without the service's confirmation")]
    public static partial void DrainHangUpFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CoreEventIds.DrainCallsDropped, EventName = nameof(CoreEventIds.DrainCallsDropped), Level = LogLevel.Warning, Message = "Draining: {Count} call(s) not confirmed ended {Seconds:0.#} s after their hang-up; dropped without further requests")]
    public static partial void DrainCallsDropped(ILogger logger, int count, double seconds);

    [LoggerMessage(EventId = CoreEventIds.DrainCancelled, EventName = nameof(CoreEventIds.DrainCancelled), Level = LogLevel.Warning, Message = "Draining: stopped by the host's shutdown timeout; {Count} call(s) dropped without further requests")]
    public static partial void DrainCancelled(ILogger logger, int count);

    [LoggerMessage(EventId = CoreEventIds.DrainCompleted, EventName = nameof(CoreEventIds.DrainCompleted), Level = LogLevel.Information, Message = "Draining: done after {Seconds:0.0} s ({HungUp} call(s) hung up by the bot, {Dropped} dropped without confirmation)")]
    public static partial void DrainCompleted(ILogger logger, double seconds, int hungUp, int dropped);

    [LoggerMessage(EventId = CoreEventIds.HandOverRecordFailed, EventName = nameof(CoreEventIds.HandOverRecordFailed), Level = LogLevel.Warning, Message = "The record of a call being handed over could not be stored; the instance taking it over finds the record written when it was established")]
    public static partial void HandOverRecordFailed(ILogger logger, Exception exception);

    [LoggerMessage(EventId = CoreEventIds.DrainHandingOver, EventName = nameof(CoreEventIds.DrainHandingOver), Level = LogLevel.Information, Message = "Draining: handing {Count} established service-hosted call(s) over to other instances of the service")]
    public static partial void DrainHandingOver(ILogger logger, int count);

    [LoggerMessage(EventId = CoreEventIds.DrainHandOverFailed, EventName = nameof(CoreEventIds.DrainHandOverFailed), Level = LogLevel.Warning, Message = "Draining: the hand-over of calls to other instances failed; the calls still held are drained as on a single instance")]
    public static partial void DrainHandOverFailed(ILogger logger, Exception exception);
}
