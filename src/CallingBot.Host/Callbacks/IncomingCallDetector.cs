using System.Text.Json;

namespace CallingBot.Host.Callbacks;

/// <summary>Finds incoming calls in a notification batch that <see cref="NotificationShape"/> already accepted.</summary>
public static class IncomingCallDetector
{
    private const string CallsPrefix = "/communications/calls/";

    /// <summary>
    /// True when a notification of the batch creates a call: <c>changeType</c> <c>created</c> on
    /// <c>/communications/calls/{id}</c> itself with a <c>#microsoft.graph.call</c> resource (how a new incoming call,
    /// or a meeting or compliance recording invitation, arrives).
    /// </summary>
    public static bool ContainsIncomingCall(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        using var document = JsonDocument.Parse(body);
        if (!document.RootElement.TryGetProperty("value", out var notifications) || notifications.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        foreach (var notification in notifications.EnumerateArray())
        {
            if (IsString(notification, "changeType", "created")
                && notification.TryGetProperty("resourceUrl", out var url) && url.ValueKind == JsonValueKind.String && IsCallUrl(url.GetString()!)
                && notification.TryGetProperty("resourceData", out var data) && data.ValueKind == JsonValueKind.Object
                && IsString(data, "@odata.type", "#microsoft.graph.call"))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsCallUrl(string url) =>
        url.Length > CallsPrefix.Length
        && url.StartsWith(CallsPrefix, StringComparison.OrdinalIgnoreCase)
        && url.IndexOf('/', CallsPrefix.Length) < 0;

    private static bool IsString(JsonElement element, string name, string expected) =>
        element.TryGetProperty(name, out var value)
        && value.ValueKind == JsonValueKind.String
        && string.Equals(value.GetString(), expected, StringComparison.OrdinalIgnoreCase);
}
