namespace CallingBot.Core.Calls;

/// <summary>Who processes the call's media.</summary>
public enum MediaHosting
{
    /// <summary>The calling service plays prompts, records and detects tones; the bot never sees audio.</summary>
    ServiceHosted,

    /// <summary>The bot receives and sends raw audio/video frames through its media pipeline.</summary>
    AppHosted,
}
