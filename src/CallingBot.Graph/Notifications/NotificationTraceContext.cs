using System.Diagnostics;
using CallingBot.Core.Diagnostics;

namespace CallingBot.Graph.Notifications;

/// <summary>
/// Carries the span of the callback that delivered a notification through the SDK to the events it raises. The SDK
/// queues notifications and raises their events later on a loop of its own, where <see cref="Activity.Current"/> is
/// not the callback's; it does hand each event the <c>additionalData</c> given to <c>ProcessNotifications</c>.
/// </summary>
internal static class NotificationTraceContext
{
    private const string Key = "CallingBot.TraceParent";

    /// <summary>The additional data to process a notification with: the current span's context, if any.</summary>
    public static Dictionary<string, object>? Capture(ActivityContext? parent = null) =>
        (parent ?? Activity.Current?.Context) is { } context && context != default
            ? new Dictionary<string, object>(StringComparer.OrdinalIgnoreCase) { [Key] = context }
            : null;

    /// <summary>
    /// In an SDK event handler: until disposed, call work queued takes the delivering callback's span as its parent.
    /// Null when the event carries none (for example one raised by the bot's own request).
    /// </summary>
    public static IDisposable? Restore(IDictionary<string, object>? additionalData) =>
        additionalData is not null && additionalData.TryGetValue(Key, out var value) && value is ActivityContext parent
            ? CallingBotActivity.WithCallWorkParent(parent)
            : null;
}
