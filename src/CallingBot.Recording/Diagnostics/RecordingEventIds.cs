namespace CallingBot.Recording.Diagnostics;

/// <summary>
/// Every log event id of CallingBot.Recording (compliance recording and its status reports), in the project's block
/// 4000–4999.
/// </summary>
/// <remarks>
/// Each [LoggerMessage] of the project takes its EventId from here and its EventName from the constant's name
/// (nameof); each constant is used exactly once. Operators filter on these numbers (docs/operations.md): never
/// reuse or renumber one, add new ones inside the block.
/// </remarks>
internal static class RecordingEventIds
{
    // Compliance/ComplianceRecorder
    public const int RecordingStarted = 4000;
    public const int RecordingStorageFailed = 4001;
    public const int RecordingRetry = 4002;
    public const int RecordingCommitFailed = 4003;
    public const int RecordingStopped = 4004;
    public const int RecordingParticipantTracksFull = 4005;

    // Compliance/ComplianceRecorder: a full or failing disk
    public const int RecordingReserveFailed = 4200;
    public const int RecordingMetadataFromReserve = 4201;
    public const int RecordingMetadataInFallback = 4202;
    public const int RecordingMetadataLost = 4203;
    public const int RecordingFileCloseFailed = 4204;

    // Compliance/RecordingStatusReporter
    public const int RecordingStatusReported = 4100;
    public const int RecordingStatusFailed = 4101;
    public const int RecordingStatusAfterEnd = 4102;
    public const int RecordingFailurePolicyApplied = 4103;
    public const int RecordingHangUpFailed = 4104;

    // Storage/UnfinishedRecordings: files of a process that was killed (4250-4279)
    public const int UnfinishedRecordingFinalized = 4250;
    public const int UnfinishedRecordingSkipped = 4251;
    public const int UnfinishedRecordingMetadataWritten = 4252;
    public const int UnfinishedRecordingsFailed = 4253;

    // Compliance/ComplianceRecordingRouter: which invitations the service records (4300-4319)
    public const int RecordingInvitationAccepted = 4300;
    public const int RecordingInvitationRejected = 4301;
    public const int OrdinaryCallDeclined = 4302;

    // Upload/RecordingUploader: verified upload to Azure Blob Storage and local retention (4400-4449)
    public const int UploaderStarted = 4400;
    public const int RecordingUploaded = 4401;
    public const int RecordingUploadFailed = 4402;
    public const int RecordingUploadConflict = 4403;
    public const int RecordingUploadUnreadable = 4404;
    public const int LocalCopiesDeleted = 4405;
    public const int LocalCopiesDeleteFailed = 4406;
    public const int UploaderFailed = 4407;
    public const int StorageRecovered = 4408;
}
