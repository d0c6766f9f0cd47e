namespace CallingBot.Emulator.Media;

/// <summary>How the emulator streams an app-hosted call's media.</summary>
public sealed record CallMediaOptions
{
    /// <summary>One mixed stream (false) or one stream per participant with <c>participantRawID</c> (true). Default mixed.</summary>
    public bool Unmixed { get; init; }

    /// <summary>Video to send, or null for audio only.</summary>
    public VideoStreamOptions? Video { get; init; }

    /// <summary>How much of the sent and received audio is kept for inspection (0 keeps none). Default 120 s.</summary>
    public int KeepSeconds { get; init; } = 120;

    /// <summary>The source of participants that have none of their own. Default silence.</summary>
    public MediaSourceSpec DefaultSource { get; init; } = MediaSourceSpec.Silence;

    public void Validate()
    {
        Video?.Validate();
        if (KeepSeconds is < 0 or > 3600)
        {
            throw new ArgumentException($"KeepSeconds {KeepSeconds} is invalid: 0 to 3600.");
        }

        ArgumentNullException.ThrowIfNull(DefaultSource);
    }
}
