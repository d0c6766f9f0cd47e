using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Whether a notification names one event or one version of its resource, so that the same bytes seen again can
/// only be the same event again (see <see cref="NotificationInspection.IsVersioned"/>).
/// </summary>
internal static class NotificationVersion
{
    private const string GraphTypePrefix = "#microsoft.graph.";

    /// <summary>
    /// A resource is created and deleted once; an etag names one version; operations only move forward; a participant
    /// joins or leaves once; a delta roster page carries a sequence number. Anything else (a full roster, an untagged
    /// state) is a snapshot that can recur byte for byte.
    /// </summary>
    public static bool NamesOneEvent(JsonObject notification)
    {
        if (!TryGetString(notification["changeType"], out var changeType) || !changeType.Equals("updated", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        switch (notification["resourceData"])
        {
            case JsonObject single:
                var type = TypeName(single);
                return (TryGetString(single["@odata.etag"], out var etag) && etag.Length > 0)
                    || type.EndsWith("Operation", StringComparison.Ordinal)
                    || type is "participantJoiningNotification" or "participantLeftNotification";
            case JsonArray items:
                return items.Count > 0 && items.All(item => item is JsonObject page
                    && TypeName(page) == "deltaParticipants"
                    && page["sequenceNumber"] is JsonValue sequence && sequence.GetValueKind() == JsonValueKind.Number);
            default:
                return false;
        }
    }

    private static string TypeName(JsonObject resource) =>
        TryGetString(resource["@odata.type"], out var type) && type.StartsWith(GraphTypePrefix, StringComparison.Ordinal) ? type[GraphTypePrefix.Length..] : string.Empty;

    private static bool TryGetString(JsonNode? node, out string value)
    {
        if (node is JsonValue scalar && scalar.TryGetValue<string>(out var text))
        {
            value = text;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
