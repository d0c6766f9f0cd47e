namespace RecorderBot;

/// <summary>Where and how the recorder bot records.</summary>
public sealed class RecorderOptions
{
    /// <summary>Directory of the recordings (<c>{callId}.wav</c>). Created when missing.</summary>
    public required string Directory { get; init; }

    /// <summary>The beep the bot plays when recording starts (1 kHz). Zero plays none. Default 200 ms.</summary>
    public TimeSpan Beep { get; init; } = TimeSpan.FromMilliseconds(200);

    public string PathFor(string callId) => Path.Combine(Directory, $"{callId}.wav");
}
