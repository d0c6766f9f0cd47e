using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>A JSON example from the seed documents (Graph Create call, Answer, Redirect pages).</summary>
public sealed record SeedExample(string Name, string Page, string Kind, string? Operation, string? Category, string? Request, JsonObject Json)
{
    private static readonly Lazy<IReadOnlyList<SeedExample>> Examples = new(Load);

    public static IReadOnlyList<SeedExample> All => Examples.Value;

    private static List<SeedExample> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Conformance", "seed-examples.json");
        var array = JsonNode.Parse(File.ReadAllText(path))!.AsArray();
        return array.Select(e => new SeedExample(
            e!["name"]!.GetValue<string>(),
            e["page"]!.GetValue<string>(),
            e["kind"]!.GetValue<string>(),
            e["operation"]?.GetValue<string>(),
            e["category"]?.GetValue<string>(),
            e["request"]?.GetValue<string>(),
            e["json"]!.AsObject())).ToList();
    }

    /// <summary>The example with the bot's placeholder callback replaced by a reachable one.</summary>
    public JsonObject WithCallback(Uri callbackUri)
    {
        var copy = Json.DeepClone().AsObject();
        if (copy.ContainsKey("callbackUri"))
        {
            copy["callbackUri"] = callbackUri.ToString();
        }

        return copy;
    }
}
