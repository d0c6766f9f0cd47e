namespace CallingBot.Recording.Upload;

/// <summary>The uploader's status, read by the health check; one per service.</summary>
public sealed class RecordingUploadMonitor
{
    private readonly Lock _gate = new();
    private RecordingUploadStatus _status = RecordingUploadStatus.Disabled;

    /// <summary>The latest status; <see cref="RecordingUploadStatus.Disabled"/> until the uploader starts.</summary>
    public RecordingUploadStatus Current
    {
        get
        {
            lock (_gate)
            {
                return _status;
            }
        }
    }

    internal void Update(Func<RecordingUploadStatus, RecordingUploadStatus> change)
    {
        lock (_gate)
        {
            _status = change(_status);
        }
    }
}
