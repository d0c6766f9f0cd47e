namespace CallingBot.Recording.Compliance;

/// <summary>What happens to a call when its recording storage fails (after <c>failed</c> has been reported).</summary>
public enum RecordingFailurePolicy
{
    /// <summary>Leave the call: an unrecorded call under a recording policy is blocked or flagged by Teams. The default.</summary>
    HangUp,

    /// <summary>Stay in the call without recording; the status stays <c>failed</c> so Teams and users see it.</summary>
    ContinueWithoutRecording,

    /// <summary>Start a new set of files (a new segment) up to <see cref="ComplianceRecordingOptions.MaxStorageRetries"/> times, then hang up.</summary>
    RetryThenHangUp,
}
