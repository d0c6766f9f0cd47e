using System.Text.Json;
using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>
/// Checks that an emulator payload has the shape of a documented example: every property of the example exists,
/// every <c>@odata.type</c> is equal, and nested objects and array items follow the same rule. Values (ids,
/// timestamps) are free to differ.
/// </summary>
public static class ShapeComparer
{
    public static List<string> Differences(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        var differences = new List<string>();
        Compare(expected, actual, path, differences);
        return differences;
    }

    private static void Compare(JsonNode? expected, JsonNode? actual, string path, List<string> differences)
    {
        switch (expected)
        {
            case JsonObject expectedObject:
                if (actual is not JsonObject actualObject)
                {
                    differences.Add($"{path}: expected an object, found {Describe(actual)}");
                    return;
                }

                foreach (var (name, value) in expectedObject)
                {
                    if (!actualObject.TryGetPropertyValue(name, out var actualValue))
                    {
                        differences.Add($"{path}.{name}: missing");
                        continue;
                    }

                    if (name == "@odata.type")
                    {
                        if (!string.Equals(value?.GetValue<string>(), actualValue?.GetValue<string>(), StringComparison.Ordinal)
                            && !IsDocumentedTargetVariant(path, value?.GetValue<string>(), actualValue?.GetValue<string>()))
                        {
                            differences.Add($"{path}.@odata.type: expected '{value}', found '{actualValue}'");
                        }

                        continue;
                    }

                    if (value is JsonObject or JsonArray && actualValue is not null)
                    {
                        Compare(value, actualValue, $"{path}.{name}", differences);
                    }
                }

                break;
            case JsonArray expectedArray when expectedArray.Count > 0:
                if (actual is not JsonArray actualArray)
                {
                    differences.Add($"{path}: expected an array, found {Describe(actual)}");
                    return;
                }

                if (actualArray.Count == 0)
                {
                    // How many items a list holds is scenario data (the pages' examples show items their requests never sent).
                    return;
                }

                for (var i = 0; i < expectedArray.Count; i++)
                {
                    // Each documented item must match some emitted item (order and count are scenario data).
                    var item = expectedArray[i];
                    var best = actualArray.Select(a => Differences(item, a, $"{path}[{i}]")).OrderBy(d => d.Count).First();
                    differences.AddRange(best);
                }

                break;
        }
    }

    /// <summary>
    /// The seed pages disagree on the type of an incoming call's targets (the Answer page uses invitationParticipantInfo,
    /// the Redirect page participantInfo for the same notification); the emulator sends invitationParticipantInfo.
    /// </summary>
    private static bool IsDocumentedTargetVariant(string path, string? expected, string? actual) =>
        path.Contains(".targets[", StringComparison.Ordinal)
        && expected == "#microsoft.graph.participantInfo"
        && actual == "#microsoft.graph.invitationParticipantInfo";

    private static string Describe(JsonNode? node) => node is null ? "null" : node.GetValueKind() switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        _ => node.ToJsonString(),
    };
}
