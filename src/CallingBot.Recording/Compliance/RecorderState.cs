namespace CallingBot.Recording.Compliance;

/// <summary>Where a <see cref="ComplianceRecorder"/> is in its life.</summary>
public enum RecorderState
{
    /// <summary>No audio written yet (or not since the last retry).</summary>
    Waiting,

    /// <summary>Audio is being written to open files.</summary>
    Recording,

    /// <summary>Storage failed; frames are dropped until a retry or the end.</summary>
    Failed,

    /// <summary>Finished: files committed and metadata written.</summary>
    Stopped,
}
