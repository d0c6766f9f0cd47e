using System.Text.Json;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Whether a notification names one event or one version of its resource, so that the same bytes seen again can
/// only be the same event again (see <see cref="NotificationInspection.IsVersioned"/>). Property names are read in any
/// case, as the SDK reads them.
/// </summary>
internal static class NotificationVersion
{
    private const string GraphTypePrefix = "#microsoft.graph.";

    /// <summary>
    /// A resource is created and deleted once; an etag names one version; operations only move forward; a participant
    /// joins or leaves once; a delta roster page carries a sequence number. Anything else (a full roster, an untagged
    /// state) is a snapshot that can recur byte for byte.
    /// </summary>
    /// <param name="notification">A notification object whose property names do not repeat ignoring case.</param>
    public static bool NamesOneEvent(JsonElement notification)
    {
        if (!TryGetString(notification, "changeType", out var changeType) || !changeType.Equals("updated", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!JsonPropertyNames.TryGetProperty(notification, "resourceData", out var data))
        {
            return false;
        }

        switch (data.ValueKind)
        {
            case JsonValueKind.Object:
                var type = TypeName(data);
                return (TryGetString(data, "@odata.etag", out var etag) && etag.Length > 0)
                    || type.EndsWith("Operation", StringComparison.Ordinal)
                    || type is "participantJoiningNotification" or "participantLeftNotification";
            case JsonValueKind.Array:
                if (data.GetArrayLength() == 0)
                {
                    return false;
                }

                foreach (var page in data.EnumerateArray())
                {
                    if (page.ValueKind != JsonValueKind.Object
                        || TypeName(page) is not "deltaParticipants"
                        || !JsonPropertyNames.TryGetProperty(page, "sequenceNumber", out var sequence)
                        || sequence.ValueKind != JsonValueKind.Number)
                    {
                        return false;
                    }
                }

                return true;
            default:
                return false;
        }
    }

    /// <summary>The resource's Graph type without its namespace, or empty.</summary>
    private static ReadOnlySpan<char> TypeName(JsonElement resource) =>
        TryGetString(resource, "@odata.type", out var type) && type.StartsWith(GraphTypePrefix, StringComparison.Ordinal) ? type.AsSpan(GraphTypePrefix.Length) : [];

    private static bool TryGetString(JsonElement obj, string name, out string value)
    {
        if (JsonPropertyNames.TryGetProperty(obj, name, out var raw) && raw.ValueKind == JsonValueKind.String)
        {
            value = raw.GetString()!;
            return true;
        }

        value = string.Empty;
        return false;
    }
}
