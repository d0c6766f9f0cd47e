using System.Text.Json.Nodes;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Checks that the ids inside a notification's <c>resourceData</c> agree with its <c>resourceUrl</c>. The SDK routes a
/// notification by <c>resourceUrl</c> but creates and keys calls, participants and other items by
/// <c>resourceData.id</c>, so an id the URL check never saw would otherwise become a call id. Each method returns null
/// when the data agrees, or a reason that names the field.
/// </summary>
internal static class ResourceIdentity
{
    /// <summary>A single-object <c>resourceData</c> of Graph type <paramref name="type"/> (without its namespace).</summary>
    public static string? CheckObject(JsonObject data, string type, CallResourcePath path, string field)
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
                    ?? (data.TryGetPropertyValue("participantId", out var participant) && !IsWellFormedString(participant)
                        ? $"{field}.participantId must be a well-formed id." : null);
            case "deltaParticipants":
                return CheckItems(data, "participants", path, field);
            default:
                return null;
        }
    }

    /// <summary>An array <c>resourceData</c>: only collections (<c>/participants</c>) carry one, and each item is checked.</summary>
    public static string? CheckArray(JsonArray items, CallResourcePath path, string field)
    {
        if (path.IsEntity)
        {
            return $"{field} must be an object: resourceUrl names one resource, not a collection.";
        }

        for (var i = 0; i < items.Count; i++)
        {
            var item = (JsonObject)items[i]!;
            var itemField = $"{field}[{i}]";
            var error = CheckItem(item, path.Url, itemField)
                ?? (IsType(item, "deltaParticipants") ? CheckItems(item, "participants", path, itemField) : null);
            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>The resource <paramref name="path"/> names: its <c>id</c> and <c>@odata.id</c>, when present, name it too.</summary>
    private static string? CheckEntity(JsonObject data, string expectedId, string path, string field, string expectedIdSource)
    {
        if (data.TryGetPropertyValue("id", out var id) && !(TryGetString(id, out var text) && string.Equals(text, expectedId, StringComparison.Ordinal)))
        {
            return $"{field}.id must equal {expectedIdSource}.";
        }

        if (data.TryGetPropertyValue("@odata.id", out var odataId) && !(TryGetString(odataId, out var odata) && CallResourcePath.IsODataIdOf(odata, path)))
        {
            return $"{field}.@odata.id must name the resource of resourceUrl.";
        }

        return null;
    }

    /// <summary>An item of the collection at <paramref name="collectionPath"/>: a well-formed <c>id</c>, and an <c>@odata.id</c> under the collection.</summary>
    private static string? CheckItem(JsonObject item, string collectionPath, string field)
    {
        string? itemId = null;
        if (item.TryGetPropertyValue("id", out var id))
        {
            if (!TryGetString(id, out var text) || !CallResourcePath.IsWellFormedId(text))
            {
                return $"{field}.id must be a well-formed id.";
            }

            itemId = text;
        }

        if (item.TryGetPropertyValue("@odata.id", out var odataId))
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
    private static string? CheckItems(JsonObject data, string property, CallResourcePath path, string field)
    {
        if (!data.TryGetPropertyValue(property, out var nested) || nested is null)
        {
            return null;
        }

        if (nested is not JsonArray items)
        {
            return $"{field}.{property} must be an array.";
        }

        var collection = path.IsEntity ? path.CallPath + "/" + property : path.Url;
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonObject item)
            {
                return $"{field}.{property}[{i}] must be an object.";
            }

            if (CheckItem(item, collection, $"{field}.{property}[{i}]") is { } error)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>The call a joining or left notification carries is the call of <c>resourceUrl</c>.</summary>
    private static string? CheckNestedCall(JsonObject data, CallResourcePath path, string field)
    {
        if (!data.TryGetPropertyValue("call", out var nested) || nested is null)
        {
            return null;
        }

        return nested is JsonObject call
            ? CheckEntity(call, path.CallId, path.CallPath, field + ".call", "the call id in resourceUrl")
            : $"{field}.call must be an object.";
    }

    private static bool IsType(JsonObject node, string type) =>
        TryGetString(node["@odata.type"], out var value) && value.Equals("#microsoft.graph." + type, StringComparison.Ordinal);

    private static bool IsWellFormedString(JsonNode? node) => TryGetString(node, out var text) && CallResourcePath.IsWellFormedId(text);

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
