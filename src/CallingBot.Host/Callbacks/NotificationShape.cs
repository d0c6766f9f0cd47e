using System.Text.Json;

namespace CallingBot.Host.Callbacks;

/// <summary>
/// A cheap structural check of a notification batch before the SDK deserializes it: valid JSON, bounded depth and
/// array sizes, an object with a <c>value</c> array holding at most <see cref="MaxNotifications"/> items.
/// </summary>
public static class NotificationShape
{
    public const int MaxDepth = 32;
    public const int MaxNotifications = 100;
    public const int MaxArrayLength = 1000;

    public static bool IsPlausible(string body, out string error)
    {
        ArgumentNullException.ThrowIfNull(body);
        var containers = new Stack<Container>();
        var sawValueArray = false;
        string? rootProperty = null;
        try
        {
            var reader = new Utf8JsonReader(System.Text.Encoding.UTF8.GetBytes(body), new JsonReaderOptions { MaxDepth = MaxDepth });
            while (reader.Read())
            {
                var token = reader.TokenType;
                if (token == JsonTokenType.PropertyName)
                {
                    rootProperty = containers.Count == 1 ? reader.GetString() : rootProperty;
                    continue;
                }

                if (token is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    var closed = containers.Pop();
                    if (closed.IsValueArray && closed.Count > MaxNotifications)
                    {
                        error = $"A batch holds at most {MaxNotifications} notifications.";
                        return false;
                    }

                    continue;
                }

                if (containers.Count == 0 && token != JsonTokenType.StartObject)
                {
                    error = "Expected a commsNotifications object with a 'value' array.";
                    return false;
                }

                if (containers.TryPeek(out var parent) && parent.IsArray && ++parent.Count > MaxArrayLength)
                {
                    error = $"Arrays hold at most {MaxArrayLength} items.";
                    return false;
                }

                if (token is JsonTokenType.StartObject or JsonTokenType.StartArray)
                {
                    var isValueArray = token == JsonTokenType.StartArray && containers.Count == 1 && rootProperty == "value";
                    sawValueArray |= isValueArray;
                    containers.Push(new Container(token == JsonTokenType.StartArray, isValueArray));
                }
            }
        }
        catch (JsonException exception) when (exception.Message.Contains("depth", StringComparison.OrdinalIgnoreCase))
        {
            error = $"JSON nested deeper than {MaxDepth} levels.";
            return false;
        }
        catch (JsonException)
        {
            error = "The body is not valid JSON.";
            return false;
        }

        if (!sawValueArray)
        {
            error = "Expected a commsNotifications object with a 'value' array.";
            return false;
        }

        error = string.Empty;
        return true;
    }

    private sealed class Container(bool isArray, bool isValueArray)
    {
        public bool IsArray { get; } = isArray;

        public bool IsValueArray { get; } = isValueArray;

        public int Count { get; set; }
    }
}
