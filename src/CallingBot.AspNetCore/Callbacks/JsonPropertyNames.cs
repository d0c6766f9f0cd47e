using System.Text.Json;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Finds property names that repeat within one JSON object when case is ignored. The SDK matches notification
/// properties without regard to case and keeps the last one, so <c>"changeType":"updated","ChangeType":"deleted"</c>
/// means <c>deleted</c> to it whatever a case-sensitive reader saw first.
/// </summary>
internal static class JsonPropertyNames
{
    /// <summary>The first repeated name (as written the second time), or null. The JSON must already be known to be well formed.</summary>
    public static string? FindDuplicateIgnoringCase(ReadOnlySpan<byte> json, int maxDepth)
    {
        // One set per open object, reused by depth; property names always belong to the innermost open object.
        var sets = new List<HashSet<string>>();
        var depth = 0;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth, CommentHandling = JsonCommentHandling.Disallow });
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject:
                    if (sets.Count == depth)
                    {
                        sets.Add(new HashSet<string>(StringComparer.OrdinalIgnoreCase));
                    }

                    sets[depth++].Clear();
                    break;
                case JsonTokenType.EndObject:
                    depth--;
                    break;
                case JsonTokenType.PropertyName:
                    var name = reader.GetString()!;
                    if (!sets[depth - 1].Add(name))
                    {
                        return name;
                    }

                    break;
            }
        }

        return null;
    }
}
