using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Notifications;

/// <summary>Builds commsNotifications envelopes exactly shaped like Graph's.</summary>
internal static class NotificationFactory
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";

    /// <summary>
    /// A one-notification envelope for <paramref name="resourceUrl"/> with the given resource data (object or array).
    /// The notification carries what the commsNotification resource page lists (<c>changeType</c>, <c>resourceUrl</c>,
    /// and <c>resourceData</c> as additional data) and nothing else: older examples' <c>resource</c> (the deprecated
    /// <c>/app/calls</c> path) and <c>callbackUri</c> are not properties of the type.
    /// </summary>
    public static JsonObject Envelope(string changeType, string resourceUrl, JsonNode? resourceData)
    {
        var notification = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.commsNotification",
            ["changeType"] = changeType,
            ["resourceUrl"] = resourceUrl,
        };
        if (resourceData is not null)
        {
            notification["resourceData"] = resourceData;
        }

        return new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.commsNotifications",
            ["value"] = new JsonArray(notification),
        };
    }
}
