namespace CallingBot.Media.Processors;

/// <summary>The dominant speaker changed.</summary>
public sealed class DominantSpeakerChangedEventArgs(string? previous, string current, TimeSpan timestamp) : EventArgs
{
    /// <summary>The previous dominant speaker; null for the first one.</summary>
    public string? Previous { get; } = previous;

    public string Current { get; } = current;

    /// <summary>Media time of the switch.</summary>
    public TimeSpan Timestamp { get; } = timestamp;
}
