namespace CallingBot.AspNetCore.Callbacks;

/// <summary>What <see cref="CallbackReplayCache.Begin"/> found for a token and body.</summary>
internal enum CallbackReplayVerdict
{
    /// <summary>Not seen with this token: process it, then <see cref="CallbackReplayCache.Complete"/> or <see cref="CallbackReplayCache.Abandon"/>.</summary>
    Fresh,

    /// <summary>Already processed successfully with this token: a replay (or a duplicate delivery); do not process it again.</summary>
    Replay,

    /// <summary>The same body with the same token is being processed right now; ask the sender to retry.</summary>
    InFlight,
}
