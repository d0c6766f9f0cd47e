using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Infrastructure;

/// <summary>A notification the test receiver got: raw body, its parsed form and the bearer token.</summary>
public sealed record ReceivedNotification(string Path, string Body, string? BearerToken)
{
    public JsonObject Json { get; } = JsonNode.Parse(Body)!.AsObject();

    public JsonObject Item => Json["value"]![0]!.AsObject();

    public string ChangeType => Item["changeType"]!.GetValue<string>();

    public string ResourceUrl => Item["resourceUrl"]!.GetValue<string>();

    public JsonNode? ResourceData => Item["resourceData"];

    public string? State => (ResourceData as JsonObject)?["state"]?.GetValue<string>();

    public string? ODataType => ResourceData switch
    {
        JsonObject o => o["@odata.type"]?.GetValue<string>(),
        JsonArray { Count: > 0 } a => a[0]!["@odata.type"]?.GetValue<string>(),
        _ => null,
    };
}
