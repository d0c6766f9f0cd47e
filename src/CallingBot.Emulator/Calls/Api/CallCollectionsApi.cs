using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>
/// The call's other collections a client reads when it rebuilds its view of a call (the Graph SDK's rehydration):
/// audio routing groups (the emulator keeps none, so the list is empty) and content sharing sessions.
/// </summary>
internal sealed class CallCollectionsApi(CallRegistry registry)
{
    /// <summary>GET /communications/calls/{id}/audioRoutingGroups</summary>
    public EngineResult ListAudioRoutingGroups(GraphRequestContext context)
    {
        var call = LiveCall(context);
        return new EngineResult(200, Collection(context.ServiceRoot, call.Id, "audioRoutingGroups", []), call.Id);
    }

    /// <summary>GET /communications/calls/{id}/contentSharingSessions</summary>
    public EngineResult ListContentSharingSessions(GraphRequestContext context)
    {
        var call = LiveCall(context);
        var sessions = call.Read(locked => locked.Record.ContentSharingSessions.Values.Order(StringComparer.Ordinal).ToArray());
        var items = sessions.Select(id => (JsonNode)new JsonObject { ["@odata.type"] = "#microsoft.graph.contentSharingSession", ["id"] = id }).ToArray();
        return new EngineResult(200, Collection(context.ServiceRoot, call.Id, "contentSharingSessions", items), call.Id);
    }

    private static JsonObject Collection(string serviceRoot, string callId, string name, JsonNode[] items) => new()
    {
        ["@odata.context"] = serviceRoot + $"$metadata#communications/calls('{callId}')/{name}",
        ["value"] = new JsonArray(items),
    };

    private EmulatedCall LiveCall(GraphRequestContext context)
    {
        context.Require(ApiPermissions.AnyCall);
        return registry.GetLiveCall(context.CallId, context.Principal.AppId);
    }
}
