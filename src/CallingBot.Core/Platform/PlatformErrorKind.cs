namespace CallingBot.Core.Platform;

/// <summary>
/// What kind of refusal a calling service answered, as an adapter classifies its SDK's or its REST client's errors.
/// Core decides what to do from the kind alone; it never looks at HTTP codes or SDK types.
/// </summary>
public enum PlatformErrorKind
{
    /// <summary>Anything the adapter could not classify.</summary>
    Other = 0,

    /// <summary>The service does not know the call or resource (or no longer: gone).</summary>
    NotFound,

    /// <summary>The request conflicts with the state of the call (for example it was already answered or ended).</summary>
    Conflict,

    /// <summary>The service rejected the request as malformed or invalid.</summary>
    InvalidRequest,

    /// <summary>The bot's credentials were missing or not accepted.</summary>
    Unauthorized,

    /// <summary>The bot is not allowed to do this (missing permission, or the call is not the bot's).</summary>
    Forbidden,

    /// <summary>The service asked the bot to slow down.</summary>
    Throttled,

    /// <summary>The service could not be reached or failed; trying again later may succeed.</summary>
    Unavailable,
}
