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
    /// The notification carries <c>changeType</c>, <c>resourceUrl</c> and <c>resourceData</c>, as every reference page
    /// shows; <c>callbackUri</c> only when <paramref name="callbackUri"/> is given (the Create call page shows it on the
    /// notifications of calls the bot placed) and the legacy <c>resource</c> (<c>/app/calls/...</c>) only when
    /// <paramref name="legacyResource"/> is set (the pages show it on delta rosters and policy-recording invitations).
    /// </summary>
    public static JsonObject Envelope(string changeType, string resourceUrl, Uri? callbackUri, JsonNode? resourceData, bool legacyResource = false)
    {
        var notification = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.commsNotification",
            ["changeType"] = changeType,
        };
        if (legacyResource)
        {
            notification["resource"] = "/app" + resourceUrl["/communications".Length..];
        }

        notification["resourceUrl"] = resourceUrl;
        if (callbackUri is not null)
        {
            notification["callbackUri"] = callbackUri.ToString();
        }

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
