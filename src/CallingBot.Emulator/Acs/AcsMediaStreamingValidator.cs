using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Checks <c>mediaStreamingOptions</c> (Answer, Create Call; GA 2025-05-15) as the service does, naming the bad field:
/// an absolute <c>wss</c> transportUrl (<c>ws</c> too when http callbacks are allowed), transportType
/// <c>websocket</c>, contentType <c>audio</c>, audioChannelType <c>mixed</c> or <c>unmixed</c>, audioFormat
/// <c>pcm16KMono</c> or <c>pcm24KMono</c>, and boolean
/// startMediaStreaming / enableBidirectional.
/// </summary>
internal static class AcsMediaStreamingValidator
{
    public const string Path = "mediaStreamingOptions";

    public static AcsResult? Validate(JsonNode? node, bool allowHttp, string path = Path)
    {
        if (node is not JsonObject media)
        {
            return AcsError.BadRequest($"{path} must be an object.", path);
        }

        if (!Uri.TryCreate(Text(media["transportUrl"]), UriKind.Absolute, out var url) || !(url.Scheme == "wss" || (allowHttp && url.Scheme == "ws")))
        {
            return AcsError.BadRequest($"{path}.transportUrl must be an absolute wss:// URL.", $"{path}.transportUrl");
        }

        foreach (var (name, allowed) in new[] { ("transportType", new[] { "websocket" }), ("contentType", ["audio"]), ("audioChannelType", ["mixed", "unmixed"]) })
        {
            var value = Text(media[name]);
            if (value is null || !allowed.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                return AcsError.BadRequest($"{path}.{name} must be one of: {string.Join(", ", allowed)}.", $"{path}.{name}");
            }
        }

        if (media["audioFormat"] is { } format)
        {
            var value = Text(format);
            if (!string.Equals(value, "pcm16KMono", StringComparison.OrdinalIgnoreCase) && !string.Equals(value, "pcm24KMono", StringComparison.OrdinalIgnoreCase))
            {
                return AcsError.BadRequest($"{path}.audioFormat must be one of: pcm16KMono, pcm24KMono.", $"{path}.audioFormat");
            }
        }

        foreach (var name in new[] { "startMediaStreaming", "enableBidirectional" })
        {
            if (media[name] is { } flag && (flag is not JsonValue value || !value.TryGetValue<bool>(out _)))
            {
                return AcsError.BadRequest($"{path}.{name} must be a boolean.", $"{path}.{name}");
            }
        }

        return null;
    }

    private static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
