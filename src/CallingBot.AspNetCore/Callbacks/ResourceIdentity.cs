using System.Text.Json;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Checks that the ids inside a notification's <c>resourceData</c> agree with its <c>resourceUrl</c>. The SDK routes a
/// notification by <c>resourceUrl</c> but creates and keys calls, participants and other items by
/// <c>resourceData.id</c>, so an id the URL check never saw would otherwise become a call id. Each method returns null
/// when the data agrees, or a reason that names the field. Property names are read in any case, as the SDK reads them
/// (names repeated ignoring case are refused before).
/// </summary>
internal static class ResourceIdentity
{
    private const string DeltaParticipantsType = "#microsoft.graph.deltaParticipants";

    /// <summary>A single-object <c>resourceData</c> of Graph type <paramref name="type"/> (without its namespace).</summary>
    public static string? CheckObject(JsonElement data, ReadOnlySpan<char> type, CallResourcePath path, string field)
    {
        var error = path.IsEntity
            ? CheckEntity(data, path.EntityId, path.Url, field, "the last segment of resourceUrl")
            : CheckItem(data, path.Url, field);
        if (error is not null)
        {
            return error;
        }

        switch (type)
        {
            case "participantJoiningNotification":
                return CheckNestedCall(data, path, field);
            case "participantLeftNotification":
                return CheckNestedCall(data, path, field)
                    ?? (JsonPropertyNames.TryGetProperty(data, "participantId", out var participant) && !IsWellFormedString(participant)
                        ? $"{field}.participantId must be a well-formed id." : null);
            case "deltaParticipants":
                return CheckItems(data, "participants", path, field);
            default:
                return null;
        }
    }

    /// <summary>An array <c>resourceData</c> of objects: only collections (<c>/participants</c>) carry one, and each item is checked.</summary>
    public static string? CheckArray(JsonElement items, CallResourcePath path, string field)
    {
        if (path.IsEntity)
        {
            return $"{field} must be an object: resourceUrl names one resource, not a collection.";
        }

        var i = 0;
        foreach (var item in items.EnumerateArray())
        {
            var itemField = $"{field}[{i}]";
            var error = CheckItem(item, path.Url, itemField)
                ?? (IsDeltaParticipants(item) ? CheckItems(item, "participants", path, itemField) : null);
            if (error is not null)
            {
                return error;
            }

            i++;
        }

        return null;
    }

    /// <summary>The resource <paramref name="path"/> names: its <c>id</c> and <c>@odata.id</c>, when present, name it too.</summary>
    private static string? CheckEntity(JsonElement data, string expectedId, string path, string field, string expectedIdSource)
    {
        if (JsonPropertyNames.TryGetProperty(data, "id", out var id) && !(TryGetString(id, out var text) && string.Equals(text, expectedId, StringComparison.Ordinal)))
        {
            return $"{field}.id must equal {expectedIdSource}.";
        }

        if (JsonPropertyNames.TryGetProperty(data, "@odata.id", out var odataId) && !(TryGetString(odataId, out var odata) && CallResourcePath.IsODataIdOf(odata, path)))
        {
            return $"{field}.@odata.id must name the resource of resourceUrl.";
        }

        return null;
    }

    /// <summary>An item of the collection at <paramref name="collectionPath"/>: a well-formed <c>id</c>, and an <c>@odata.id</c> under the collection.</summary>
    private static string? CheckItem(JsonElement item, string collectionPath, string field)
    {
        string? itemId = null;
        if (JsonPropertyNames.TryGetProperty(item, "id", out var id))
        {
            if (!TryGetString(id, out var text) || !CallResourcePath.IsWellFormedId(text))
            {
                return $"{field}.id must be a well-formed id.";
            }

            itemId = text;
        }

        if (JsonPropertyNames.TryGetProperty(item, "@odata.id", out var odataId))
        {
            var prefix = collectionPath + "/";
            var valid = TryGetString(odataId, out var odata) && (itemId is not null
                ? CallResourcePath.IsODataIdOf(odata, prefix + itemId)
                : odata.StartsWith(prefix, StringComparison.Ordinal) && CallResourcePath.IsWellFormedId(odata.AsSpan(prefix.Length)));
            if (!valid)
            {
                return $"{field}.@odata.id must name an item of the collection in resourceUrl.";
            }
        }

        return null;
    }

    /// <summary>Items nested in an array property, such as a delta roster's participants.</summary>
    private static string? CheckItems(JsonElement data, string property, CallResourcePath path, string field)
    {
        if (!JsonPropertyNames.TryGetProperty(data, property, out var nested) || nested.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (nested.ValueKind != JsonValueKind.Array)
        {
            return $"{field}.{property} must be an array.";
        }

        var collection = path.IsEntity ? path.CallPath + "/" + property : path.Url;
        var i = 0;
        foreach (var item in nested.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Object)
            {
                return $"{field}.{property}[{i}] must be an object.";
            }

            if (CheckItem(item, collection, $"{field}.{property}[{i}]") is { } error)
            {
                return error;
            }

            i++;
        }

        return null;
    }

    /// <summary>The call a joining or left notification carries is the call of <c>resourceUrl</c>.</summary>
    private static string? CheckNestedCall(JsonElement data, CallResourcePath path, string field)
    {
        if (!JsonPropertyNames.TryGetProperty(data, "call", out var call) || call.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return call.ValueKind == JsonValueKind.Object
            ? CheckEntity(call, path.CallId, path.CallPath, field + ".call", "the call id in resourceUrl")
            : $"{field}.call must be an object.";
    }

    private static bool IsDeltaParticipants(JsonElement item) =>
        JsonPropertyNames.TryGetProperty(item, "@odata.type", out var type)
        && TryGetString(type, out var value)
        && value.Equals(DeltaParticipantsType, StringComparison.Ordinal);

    private static bool IsWellFormedString(JsonElement value) => TryGetString(value, out var text) && CallResourcePath.IsWellFormedId(text);

    private static bool TryGetString(JsonElement value, out string text)
    {
        if (value.ValueKind == JsonValueKind.String)
        {
            text = value.GetString()!;
            return true;
        }

        text = string.Empty;
        return false;
    }
}
