namespace CallingBot.Core.Registry;

/// <summary>What the call registry knows about a call id.</summary>
public enum CallStatus
{
    /// <summary>Never seen, or ended so long ago that the registry forgot it.</summary>
    Unknown = 0,

    /// <summary>The bot holds the call: it arrived (incoming) or was placed, and has not ended.</summary>
    Live,

    /// <summary>The call ended (or the bot dropped it); notifications naming it are replays or late duplicates.</summary>
    Ended,
}
