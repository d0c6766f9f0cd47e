namespace CallingBot.Media.Processors;

/// <summary>A participant started or stopped speaking.</summary>
public sealed class VoiceActivityEventArgs(string? participantId, bool isSpeaking, TimeSpan timestamp, double levelDbfs) : EventArgs
{
    /// <summary>Who, for unmixed streams; null for mixed audio.</summary>
    public string? ParticipantId { get; } = participantId;

    public bool IsSpeaking { get; } = isSpeaking;

    /// <summary>Media time of the frame that completed the change.</summary>
    public TimeSpan Timestamp { get; } = timestamp;

    /// <summary>RMS level of that frame.</summary>
    public double LevelDbfs { get; } = levelDbfs;
}
