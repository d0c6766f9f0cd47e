namespace CallingBot.Media.Processors;

/// <summary>A DTMF key recognised in the audio.</summary>
public sealed class DtmfKeyEventArgs(char key, string? participantId, TimeSpan timestamp) : EventArgs
{
    /// <summary>0-9, *, # or A-D.</summary>
    public char Key { get; } = key;

    /// <summary>Who pressed it, for unmixed streams.</summary>
    public string? ParticipantId { get; } = participantId;

    /// <summary>Media time of the first frame in which the key was heard.</summary>
    public TimeSpan Timestamp { get; } = timestamp;
}
