using System.Text.Json;

namespace CallingBot.AspNetCore.RequestLimits;

/// <summary>
/// A single forward pass over a JSON document that checks it is well formed (one value, no comments or trailing
/// content, valid UTF-8), not nested deeper than a limit, and without arrays longer than a limit, before anything
/// deserializes it.
/// </summary>
internal static class JsonLimits
{
    /// <summary>Deepest nesting the framework's JSON serializer reads or writes in request and response bodies.</summary>
    public const int SerializerMaxDepth = 32;

    /// <summary>Returns null when <paramref name="json"/> is within the limits, otherwise a short reason safe to return to the caller.</summary>
    public static string? Check(ReadOnlySpan<byte> json, int maxDepth, int maxArrayLength)
    {
        var counts = new Stack<int>();
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = maxDepth + 2, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            while (reader.Read())
            {
                switch (reader.TokenType)
                {
                    case JsonTokenType.PropertyName:
                        continue;
                    case JsonTokenType.EndObject or JsonTokenType.EndArray:
                        counts.Pop();
                        continue;
                }

                if (counts.Count > 0 && counts.Peek() >= 0)
                {
                    var items = counts.Pop() + 1;
                    if (items > maxArrayLength)
                    {
                        return $"JSON arrays hold at most {maxArrayLength} items.";
                    }

                    counts.Push(items);
                }

                if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    if (reader.CurrentDepth + 1 > maxDepth)
                    {
                        return $"JSON nested deeper than {maxDepth} levels.";
                    }

                    // Objects are marked -1 (not counted); arrays count their items from 0.
                    counts.Push(reader.TokenType == JsonTokenType.StartArray ? 0 : -1);
                }
            }
        }
        catch (JsonException)
        {
            return "The body is not valid JSON.";
        }

        return reader.BytesConsumed == 0 ? "The body is empty." : null;
    }
}
