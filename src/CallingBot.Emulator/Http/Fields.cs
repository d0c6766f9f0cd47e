using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Http;

/// <summary>
/// Typed reads of request body fields that fail with a 400 naming the field. Every read is bounded (see
/// <see cref="EmulatorLimits"/>): strings by length, arrays by count, kept objects by their JSON size.
/// </summary>
internal static class Fields
{
    public static string? String(JsonObject body, string name, string path, bool required = false, int maxLength = EmulatorLimits.MaxTextLength)
    {
        var node = body[name];
        if (node is null)
        {
            return required ? throw Missing(path) : null;
        }

        if (node.GetValueKind() != JsonValueKind.String)
        {
            throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be a string.");
        }

        var value = node.GetValue<string>();
        CheckLength(value, path, maxLength);
        return required && string.IsNullOrWhiteSpace(value) ? throw Missing(path) : value;
    }

    /// <summary>Fails with 400 when <paramref name="value"/> is longer than <paramref name="maxLength"/> characters.</summary>
    public static void CheckLength(string? value, string path, int maxLength)
    {
        if (value is { Length: var length } && length > maxLength)
        {
            throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be at most {maxLength} characters; it has {length}.");
        }
    }

    /// <summary>An object; one the emulator keeps and echoes is limited to <paramref name="maxJsonLength"/> characters of JSON.</summary>
    public static JsonObject? Object(JsonObject body, string name, string path, bool required = false, int maxJsonLength = EmulatorLimits.MaxObjectLength)
    {
        var node = body[name];
        if (node is null)
        {
            return required ? throw Missing(path) : null;
        }

        var value = node as JsonObject ?? throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be an object.");
        CheckJsonLength(value, path, maxJsonLength);
        return value;
    }

    /// <summary>Fails with 400 when <paramref name="node"/> serializes to more than <paramref name="maxJsonLength"/> characters.</summary>
    public static void CheckJsonLength(JsonNode node, string path, int maxJsonLength)
    {
        var length = node.ToJsonString().Length;
        if (length > maxJsonLength)
        {
            throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be at most {maxJsonLength} characters of JSON; it has {length}.");
        }
    }

    public static JsonArray? Array(JsonObject body, string name, string path, bool required = false, int maxCount = EmulatorLimits.MaxListLength)
    {
        var node = body[name];
        if (node is null)
        {
            return required ? throw Missing(path) : null;
        }

        var array = node as JsonArray ?? throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be an array.");
        if (array.Count > maxCount)
        {
            throw GraphRequestException.BadRequest($"Invalid request: '{path}' has {array.Count} entries; at most {maxCount} are accepted.");
        }

        return required && array.Count == 0 ? throw GraphRequestException.BadRequest($"Invalid request: '{path}' must not be empty.") : array;
    }

    public static int? Int(JsonObject body, string name, string path)
    {
        var node = body[name];
        if (node is null)
        {
            return null;
        }

        if (node.GetValueKind() == JsonValueKind.Number && node.AsValue().TryGetValue<int>(out var value))
        {
            return value;
        }

        if (node.GetValueKind() == JsonValueKind.String && int.TryParse(node.GetValue<string>(), System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value))
        {
            return value;
        }

        throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be an integer.");
    }

    public static bool? Bool(JsonObject body, string name, string path)
    {
        var node = body[name];
        return node is null
            ? null
            : node.GetValueKind() switch
            {
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                _ => throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be a boolean."),
            };
    }

    /// <summary>Reads an enum value case-insensitively and returns its canonical (camelCase) wire spelling.</summary>
    public static string? Enum(JsonObject body, string name, string path, IReadOnlyList<string> allowed, bool required = false)
    {
        var value = String(body, name, path, required, EmulatorLimits.MaxIdLength);
        return value is null ? null : Canonical(value, path, allowed);
    }

    public static string Canonical(string value, string path, IReadOnlyList<string> allowed)
    {
        foreach (var candidate in allowed)
        {
            if (string.Equals(candidate, value, StringComparison.OrdinalIgnoreCase))
            {
                return candidate;
            }
        }

        throw GraphRequestException.BadRequest($"Invalid request: '{path}' has the unsupported value '{value}'. Allowed values: {string.Join(", ", allowed)}.");
    }

    /// <summary>Reads an array of enum strings, canonicalised.</summary>
    public static List<string>? EnumArray(JsonObject body, string name, string path, IReadOnlyList<string> allowed, bool required = false, int maxCount = EmulatorLimits.MaxListLength)
    {
        var array = Array(body, name, path, required, maxCount);
        if (array is null)
        {
            return null;
        }

        var result = new List<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var item = array[i];
            if (item is null || item.GetValueKind() != JsonValueKind.String)
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{path}[{i}]' must be a string.");
            }

            var value = item.GetValue<string>();
            CheckLength(value, $"{path}[{i}]", EmulatorLimits.MaxIdLength);
            result.Add(Canonical(value, $"{path}[{i}]", allowed));
        }

        return result;
    }

    /// <summary>An absolute https URI (Graph refuses others for callbacks).</summary>
    public static Uri? HttpsUri(JsonObject body, string name, string path, bool allowHttp, bool required = false)
    {
        var value = String(body, name, path, required, EmulatorLimits.MaxUriLength);
        if (value is null)
        {
            return null;
        }

        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || !Identity.CallbackUris.IsAllowed(uri, allowHttp))
        {
            throw GraphRequestException.BadRequest($"Invalid request: '{path}' {Identity.CallbackUris.Requirement(allowHttp)}");
        }

        return uri;
    }

    public static string? ODataType(JsonObject? node) =>
        node?["@odata.type"] is JsonValue value && value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : null;

    private static GraphRequestException Missing(string path) => GraphRequestException.BadRequest($"Invalid request: '{path}' is required.");
}
