using System.Text.Json;

namespace CallingBot.Acs.Calling;

/// <summary>Reads the CloudEvents array ACS posts to the callback URI: each event's type and callConnectionId.</summary>
internal static class AcsCallbackEvents
{
    public const string CallConnected = "Microsoft.Communication.CallConnected";

    public const string CallDisconnected = "Microsoft.Communication.CallDisconnected";

    public static List<(string Type, string CallConnectionId)> Parse(ReadOnlySpan<byte> body)
    {
        var events = new List<(string, string)>();
        var reader = new Utf8JsonReader(body);
        using var document = JsonDocument.ParseValue(ref reader);
        var items = document.RootElement.ValueKind == JsonValueKind.Array
            ? document.RootElement.EnumerateArray().ToList()
            : [document.RootElement];
        foreach (var item in items)
        {
            if (item.ValueKind != JsonValueKind.Object
                || !item.TryGetProperty("type", out var type) || type.ValueKind != JsonValueKind.String
                || !item.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object
                || !data.TryGetProperty("callConnectionId", out var id) || id.ValueKind != JsonValueKind.String)
            {
                continue;
            }

            events.Add((type.GetString()!, id.GetString()!));
        }

        return events;
    }
}
