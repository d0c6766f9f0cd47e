using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Calls;

/// <summary>The commsOperation resources of a call's operations (playPrompt, mute, invite, …).</summary>
internal static class OperationResource
{
    public const string Running = "running";
    public const string Completed = "completed";
    public const string Failed = "failed";

    public static JsonObject Create(string callId, string id, string odataType, string? clientContext, string status, JsonObject? resultInfo) => new()
    {
        ["@odata.type"] = odataType,
        ["@odata.id"] = $"{CallResource.Path(callId)}/operations/{id}",
        ["id"] = id,
        ["status"] = status,
        ["clientContext"] = clientContext,
        ["resultInfo"] = resultInfo,
    };

    public static string NewId() => Guid.NewGuid().ToString();
}
