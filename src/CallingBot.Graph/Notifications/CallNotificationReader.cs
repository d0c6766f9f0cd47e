using System.Text.Json;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Communications.Core;
using Call = Microsoft.Graph.Models.Call;
using Participant = Microsoft.Graph.Models.Participant;

namespace CallingBot.Graph.Notifications;

/// <summary>
/// The fast path for the notifications every call brings (incoming, establishing, established, terminated, and its
/// roster): a batch whose every notification carries a <c>#microsoft.graph.call</c> resource or a non-empty array of
/// <c>#microsoft.graph.participant</c> resources is read once with <see cref="System.Text.Json"/> and the models'
/// generated deserializers, into the same objects the SDK's own reader (<c>NotificationProcessor.ExtractNotifications</c>,
/// whose OData converter looks up attributes by reflection for every property it reads) would build. Anything else
/// (other resources, an empty roster, the single-notification form, anything unusual in a resource) is left to the SDK: <see cref="TryRead"/> returns null, and the SDK reads the batch and
/// raises its own errors, so what is refused stays exactly what the SDK refuses.
/// </summary>
internal static class CallNotificationReader
{
    private const string NotificationType = "#microsoft.graph.commsNotification";
    private const string NotificationsType = "#microsoft.graph.commsNotifications";
    private const string CallType = "#microsoft.graph.call";
    private const string ParticipantType = "#microsoft.graph.participant";

    /// <summary>The batch read on the fast path, or null when the SDK must read it.</summary>
    public static CommsNotifications? TryRead(string body)
    {
        ArgumentNullException.ThrowIfNull(body);
        JsonDocument document;
        try
        {
            // The document's memory is pooled and returned when the batch has been read: the models keep copies of the
            // elements they hold (ResourceParseNode), never the document's own.
            document = JsonDocument.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            return Read(document.RootElement);
        }
    }

    private static CommsNotifications? Read(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        JsonElement? value = null;
        string? batchType = null;
        foreach (var property in root.EnumerateObject())
        {
            if (property.NameEquals("value"))
            {
                value = property.Value;
            }
            else if (property.NameEquals("@odata.type") && property.Value.ValueKind == JsonValueKind.String && property.Value.ValueEquals(NotificationsType))
            {
                batchType = NotificationsType;
            }
            else
            {
                // Anything else at the top (the single-notification form, the SDK's own special cases) is the SDK's.
                return null;
            }
        }

        if (value is not { ValueKind: JsonValueKind.Array } items || items.GetArrayLength() == 0)
        {
            return null;
        }

        var notifications = new List<CommsNotification>(items.GetArrayLength());
        try
        {
            foreach (var item in items.EnumerateArray())
            {
                if (ReadNotification(item) is not { } notification)
                {
                    return null;
                }

                notifications.Add(notification);
            }
        }
        catch (NotOnFastPathException)
        {
            return null;
        }

        var batch = new CommsNotifications { Value = notifications };
        if (batchType is not null)
        {
            batch.ODataType = batchType;
        }

        // The SDK's reader ends with GraphModelExtensions.FixModel over the whole batch, a walk of every property of
        // every model by reflection to reach the identity sets; each identity set was fixed as it was read instead
        // (ResourceParseNode), with the same code.
        return batch;
    }

    private static CommsNotification? ReadNotification(JsonElement item)
    {
        if (item.ValueKind != JsonValueKind.Object)
        {
            return null;
        }

        ChangeType? changeType = null;
        string? resourceUrl = null;
        string? type = null;
        object? resource = null;
        foreach (var property in item.EnumerateObject())
        {
            var value = property.Value;
            if (property.NameEquals("@odata.type"))
            {
                if (value.ValueKind != JsonValueKind.String || !value.ValueEquals(NotificationType))
                {
                    return null;
                }

                type = NotificationType;
            }
            else if (property.NameEquals("changeType"))
            {
                changeType = value.ValueKind == JsonValueKind.String ? ReadChangeType(value.GetString()) : null;
                if (changeType is null)
                {
                    return null;
                }
            }
            else if (property.NameEquals("resourceUrl"))
            {
                resourceUrl = value.ValueKind == JsonValueKind.String ? value.GetString() : null;
            }
            else if (property.NameEquals("resourceData"))
            {
                resource = ReadResource(value);
                if (resource is null)
                {
                    return null;
                }
            }
            else
            {
                return null;
            }
        }

        if (changeType is null || string.IsNullOrWhiteSpace(resourceUrl) || resource is null)
        {
            return null;
        }

        var notification = new CommsNotification
        {
            ChangeType = changeType,
            ResourceUrl = resourceUrl,
            AdditionalData = new Dictionary<string, object> { ["resourceData"] = resource },
        };
        if (type is not null)
        {
            notification.ODataType = type;
        }

        return notification;
    }

    /// <summary>
    /// A call resource, or a roster: a non-empty array of participant resources (as the SDK's reader, an
    /// <c>object[]</c> of <see cref="Participant"/>); null for anything else.
    /// </summary>
    private static object? ReadResource(JsonElement value)
    {
        if (value.ValueKind == JsonValueKind.Object)
        {
            return IsOfType(value, CallType) ? new ResourceParseNode(value).GetObjectValue(Call.CreateFromDiscriminatorValue) : null;
        }

        if (value.ValueKind != JsonValueKind.Array || value.GetArrayLength() == 0)
        {
            return null;
        }

        var participants = new object[value.GetArrayLength()];
        var index = 0;
        foreach (var item in value.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object || !IsOfType(item, ParticipantType))
            {
                return null;
            }

            participants[index++] = new ResourceParseNode(item).GetObjectValue(Participant.CreateFromDiscriminatorValue);
        }

        return participants;
    }

    private static bool IsOfType(JsonElement resource, string type) =>
        resource.TryGetProperty("@odata.type", out var resourceType)
        && resourceType.ValueKind == JsonValueKind.String
        && resourceType.ValueEquals(type);

    private static ChangeType? ReadChangeType(string? text) => text switch
    {
        "created" => ChangeType.Created,
        "updated" => ChangeType.Updated,
        "deleted" => ChangeType.Deleted,
        _ => null,
    };
}
