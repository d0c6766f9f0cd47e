using CallingBot.Core.Calls;

namespace IvrBot;

/// <summary>How the menu behaves.</summary>
public sealed record IvrOptions
{
    public required IvrPrompts Prompts { get; init; }

    /// <summary>Who key 2 transfers the caller to.</summary>
    public required ParticipantIdentity Operator { get; init; }

    /// <summary>How long the menu waits for a key. Default 8 s.</summary>
    public TimeSpan MenuTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>Invalid keys and timeouts in a row before the bot says goodbye and hangs up. Default 3.</summary>
    public int MaxAttempts { get; init; } = 3;

    /// <summary>Longest voicemail message. Default 60 s.</summary>
    public TimeSpan MaxMessageLength { get; init; } = TimeSpan.FromSeconds(60);
}
