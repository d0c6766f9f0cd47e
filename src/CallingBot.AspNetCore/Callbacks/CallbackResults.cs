using CallingBot.Graph.Notifications;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// What became of a callback, as the <c>callingbot.callback.result</c> tag of its <c>callback</c> span says it: one
/// value per way the webhook answers.
/// </summary>
internal static class CallbackResults
{
    /// <summary>401: no valid token.</summary>
    public const string Unauthorized = "unauthorized";

    /// <summary>503: the token authority's signing keys could not be fetched.</summary>
    public const string KeysUnavailable = "keys-unavailable";

    /// <summary>429: the token went over its request budget.</summary>
    public const string Throttled = "throttled";

    /// <summary>415: not JSON in UTF-8.</summary>
    public const string UnsupportedMediaType = "unsupported-media-type";

    /// <summary>413: over the body limit.</summary>
    public const string TooLarge = "too-large";

    /// <summary>400: refused by the bot's shape check, or by the SDK.</summary>
    public const string Malformed = "malformed";

    /// <summary>202: every notification was about something the bot does not handle, or a call that ended.</summary>
    public const string Ignored = "ignored";

    /// <summary>202: a tenant in which the bot holds no call, and no new call.</summary>
    public const string NoCallInTenant = "no-call-in-tenant";

    /// <summary>202 (or the first answer): the token delivered this body before.</summary>
    public const string Replay = "replay";

    /// <summary>503: the same body is being processed.</summary>
    public const string InFlight = "in-flight";

    /// <summary>The SDK's verdict: <c>accepted</c>, <c>answered</c>, <c>malformed</c>, <c>not-ready</c> or <c>failed</c>.</summary>
    public static string Of(NotificationResultKind kind) => kind switch
    {
        NotificationResultKind.Accepted => "accepted",
        NotificationResultKind.Answered => "answered",
        NotificationResultKind.Malformed => Malformed,
        NotificationResultKind.NotReady => "not-ready",
        NotificationResultKind.Failed => "failed",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown notification result."),
    };
}
