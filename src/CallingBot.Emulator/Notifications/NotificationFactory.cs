using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Notifications;

/// <summary>Builds commsNotifications envelopes exactly shaped like Graph's.</summary>
internal static class NotificationFactory
{
    public const string Created = "created";
    public const string Updated = "updated";
    public const string Deleted = "deleted";

    /// <summary>A one-notification envelope for <paramref name="resourceUrl"/> with the given resource data (object or array).</summary>
    public static JsonObject Envelope(string changeType, string resourceUrl, Uri callbackUri, JsonNode? resourceData)
    {
        var notification = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.commsNotification",
            ["changeType"] = changeType,
            ["resource"] = "/app" + resourceUrl["/communications".Length..],
            ["resourceUrl"] = resourceUrl,
            ["callbackUri"] = callbackUri.ToString(),
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
