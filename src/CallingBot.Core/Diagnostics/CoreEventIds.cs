namespace CallingBot.Core.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Core (the call manager and the call runtime), in the project's block 1000–1999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class CoreEventIds
{
    // Manager/CallManagerLog
    public const int IncomingCall = 1000;
    public const int DecisionSent = 1001;
    public const int DecisionLate = 1002;
    public const int RouterFailed = 1003;
    public const int DecisionFailed = 1004;
    public const int CallStateChanged = 1005;
    public const int StaleState = 1006;
    public const int HandlerFailed = 1007;
    public const int CallRemoved = 1008;
    public const int HangUpFailed = 1009;
    public const int KeepAliveFailed = 1010;
    public const int EventHeld = 1011;
    public const int DuplicateIncoming = 1012;
    public const int AtCapacity = 1013;
    public const int DrainTimeout = 1014;
    public const int ParticipantJoiningFailed = 1015;
    public const int EventAfterEnd = 1016;
    public const int ParticipantJoiningDecided = 1017;
    public const int ParticipantJoiningUnknownCall = 1018;
    public const int DecisionRefused = 1019;
    public const int CallReaped = 1020;
    public const int ReaperFailed = 1021;
    public const int HandlerTerminationTimedOut = 1022;
    public const int CallLoopFailed = 1023;
    public const int RejectedAfterFailedAnswer = 1024;
    public const int RejectAfterFailedAnswerFailed = 1025;
    public const int DecisionOvertakenByEnd = 1026;

    // Recovery: live call records, reconciliation and adoption (1040-1069).
    public const int LiveCallRecordUnreadable = 1040;
    public const int LiveCallStoreFailed = 1041;
    public const int LiveCallStoreRecovered = 1042;
    public const int RecoveryStarted = 1043;
    public const int RecoveryFinished = 1044;
    public const int CallAdopted = 1045;
    public const int AdoptionDeclined = 1046;
    public const int ReconciledCallGone = 1047;
    public const int ReconciledCallHungUp = 1048;
    public const int ReconciliationFailed = 1049;
    public const int ReconciliationSkipped = 1050;
    public const int LiveCallStoreOverflow = 1051;
    public const int AdoptionRouterFailed = 1052;
    public const int LiveCallJournalCompacted = 1053;
    public const int LiveCallJournalCompactionFailed = 1054;
    // Manager/CallManagerLog: drain
    public const int RefusedWhileDraining = 1070;
    public const int DrainHangUpFailed = 1071;
    public const int DrainCallsDropped = 1072;
    public const int DrainCancelled = 1073;
    public const int DrainCompleted = 1074;

    // Manager: hand-over of calls to other instances of the service (1080-1099)
    public const int HandOverRecordFailed = 1080;
    public const int DrainHandingOver = 1081;
    public const int DrainHandOverFailed = 1082;
    public const int RecordingReportedFailed = 1083;
    public const int RecordingFailureNotReported = 1084;
}
