namespace CallingBot.Recording.Upload;

/// <summary>An upload attempt that failed for a reason other than the service failing: the recording stays local and is retried.</summary>
public sealed class RecordingUploadException : Exception
{
    public RecordingUploadException()
        : this("local", "The recording could not be uploaded.")
    {
    }

    public RecordingUploadException(string message)
        : this("local", message)
    {
    }

    public RecordingUploadException(string message, Exception innerException)
        : base(message, innerException)
    {
        Reason = "local";
    }

    public RecordingUploadException(string reason, string message)
        : base(message)
    {
        Reason = reason;
    }

    /// <summary>The <c>reason</c> tag of <c>callingbot.recording.upload.failures</c>: <c>verification</c>, <c>conflict</c> or <c>local</c>.</summary>
    public string Reason { get; }
}
