namespace CallingBot.Emulator.Timeline;

/// <summary>What a timeline entry records.</summary>
public enum TimelineEntryKind
{
    /// <summary>A Graph API request received from the bot.</summary>
    Request,

    /// <summary>A notification sent (or being sent) to the bot.</summary>
    Notification,

    /// <summary>Something the simulated remote side or the emulator did (control action, timeout).</summary>
    Event,
}
