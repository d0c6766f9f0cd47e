namespace CallingBot.Recording.Upload;

/// <summary>What the uploader to Azure Blob Storage has done, for operators (the health report) and tests.</summary>
/// <param name="Enabled">False when recordings stay local (<c>CallingBot:Recording:Storage</c> <c>Local</c>).</param>
/// <param name="Pending">Committed recordings in the local directory not yet uploaded and verified, at the last scan.</param>
/// <param name="Uploaded">Recordings uploaded and verified since the process started.</param>
/// <param name="FailedAttempts">Failed upload attempts since the process started.</param>
/// <param name="ConsecutiveFailures">Failed attempts since the last success: more than 0 means the storage is failing now.</param>
/// <param name="LastUploadAt">When the last recording was verified in the container.</param>
/// <param name="LastFailureAt">When the last attempt failed.</param>
/// <param name="LastError">What the last failure was (the exception's type and the service's status and error code; never a secret).</param>
public sealed record RecordingUploadStatus(
    bool Enabled,
    int Pending,
    long Uploaded,
    long FailedAttempts,
    int ConsecutiveFailures,
    DateTimeOffset? LastUploadAt,
    DateTimeOffset? LastFailureAt,
    string? LastError)
{
    /// <summary>The status of a service whose recordings stay local.</summary>
    public static RecordingUploadStatus Disabled { get; } = new(false, 0, 0, 0, 0, null, null, null);
}
