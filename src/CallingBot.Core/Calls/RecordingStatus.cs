namespace CallingBot.Core.Calls;

/// <summary>Recording status reported to the calling service (updateRecordingStatus).</summary>
public enum RecordingStatus
{
    NotRecording,
    Recording,
    Failed,
}
