using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>
/// The call's audio routing groups (list, get, create, update, delete) and content sharing sessions (list, get), as
/// the audioRoutingGroup and contentSharingSession reference pages describe them.
/// </summary>
internal sealed class CallCollectionsApi(CallRegistry registry)
{
    private static readonly string[] RoutingModes = ["oneToOne", "multicast"];

    /// <summary>GET /communications/calls/{id}/audioRoutingGroups</summary>
    public EngineResult ListAudioRoutingGroups(GraphRequestContext context)
    {
        var call = LiveCall(context, ApiPermissions.AnyCall);
        var groups = call.Read(locked => locked.Record.AudioRoutingGroups.Values.Select(g => (JsonNode)g.DeepClone()).ToArray());
        return new EngineResult(200, Collection(context.ServiceRoot, call.Id, "audioRoutingGroups", groups), call.Id);
    }

    /// <summary>GET /communications/calls/{id}/audioRoutingGroups/{groupId}</summary>
    public EngineResult GetAudioRoutingGroup(GraphRequestContext context)
    {
        var call = LiveCall(context, ApiPermissions.AnyCall);
        var group = call.Read(locked => FindGroup(locked, call.Id, context.ItemId).DeepClone().AsObject());
        group["@odata.context"] = context.ServiceRoot + $"$metadata#communications/calls('{call.Id}')/audioRoutingGroups/$entity";
        return new EngineResult(200, group, call.Id);
    }

    /// <summary>POST /communications/calls/{id}/audioRoutingGroups: 200 with the group (the reference page's response).</summary>
    public EngineResult CreateAudioRoutingGroup(GraphRequestContext context)
    {
        var body = context.Body;
        var id = Fields.String(body, "id", "id", maxLength: EmulatorLimits.MaxIdLength);
        var mode = Fields.Enum(body, "routingMode", "routingMode", RoutingModes, required: true)!;
        var sources = ParticipantIds(body, "sources", required: true)!;
        var receivers = ParticipantIds(body, "receivers", required: true)!;
        CheckShape(mode, sources, receivers);
        var call = LiveCall(context, ApiPermissions.GroupCall);
        var group = call.Update(locked =>
        {
            locked.Require("audioRoutingGroups", EmulatedCallState.Established);
            CheckParticipants(locked, sources, "sources");
            CheckParticipants(locked, receivers, "receivers");
            var groupId = id ?? Guid.NewGuid().ToString();
            if (locked.Record.AudioRoutingGroups.ContainsKey(groupId))
            {
                throw GraphRequestException.Conflict($"Audio routing group '{groupId}' already exists in call '{call.Id}' ('id').");
            }

            if (locked.Record.AudioRoutingGroups.Count >= EmulatorLimits.MaxAudioRoutingGroupsPerCall)
            {
                throw GraphRequestException.BadRequest($"Invalid request: call '{call.Id}' already has {EmulatorLimits.MaxAudioRoutingGroupsPerCall} audio routing groups.");
            }

            var created = Group(groupId, mode, sources, receivers);
            locked.Record.AudioRoutingGroups[groupId] = created;
            locked.RecordEvent($"Audio routing group {groupId} ({mode}) created.");
            locked.MarkChanged();
            return created.DeepClone().AsObject();
        });
        return new EngineResult(200, group, call.Id);
    }

    /// <summary>PATCH /communications/calls/{id}/audioRoutingGroups/{groupId}: changes the given properties; 200 with the group.</summary>
    public EngineResult UpdateAudioRoutingGroup(GraphRequestContext context)
    {
        var body = context.Body;
        var mode = Fields.Enum(body, "routingMode", "routingMode", RoutingModes);
        var sources = ParticipantIds(body, "sources", required: false);
        var receivers = ParticipantIds(body, "receivers", required: false);
        var call = LiveCall(context, ApiPermissions.GroupCall);
        var group = call.Update(locked =>
        {
            var existing = FindGroup(locked, call.Id, context.ItemId);
            var newMode = mode ?? existing["routingMode"]!.GetValue<string>();
            var newSources = sources ?? Strings(existing["sources"]!.AsArray());
            var newReceivers = receivers ?? Strings(existing["receivers"]!.AsArray());
            CheckShape(newMode, newSources, newReceivers);
            CheckParticipants(locked, newSources, "sources");
            CheckParticipants(locked, newReceivers, "receivers");
            var id = existing["id"]!.GetValue<string>();
            var updated = Group(id, newMode, newSources, newReceivers);
            locked.Record.AudioRoutingGroups[id] = updated;
            locked.RecordEvent($"Audio routing group {id} updated.");
            locked.MarkChanged();
            return updated.DeepClone().AsObject();
        });
        return new EngineResult(200, group, call.Id);
    }

    /// <summary>DELETE /communications/calls/{id}/audioRoutingGroups/{groupId}: 204.</summary>
    public EngineResult DeleteAudioRoutingGroup(GraphRequestContext context)
    {
        var call = LiveCall(context, ApiPermissions.GroupCall);
        call.Update(locked =>
        {
            var id = FindGroup(locked, call.Id, context.ItemId)["id"]!.GetValue<string>();
            locked.Record.AudioRoutingGroups.Remove(id);
            locked.RecordEvent($"Audio routing group {id} deleted.");
            locked.MarkChanged();
        });
        return new EngineResult(204, CallId: call.Id);
    }

    /// <summary>GET /communications/calls/{id}/contentSharingSessions</summary>
    public EngineResult ListContentSharingSessions(GraphRequestContext context)
    {
        var call = LiveCall(context, ApiPermissions.AnyCall);
        var sessions = call.Read(locked => locked.Record.ContentSharingSessions.Values.Order(StringComparer.Ordinal).ToArray());
        var items = sessions.Select(id => (JsonNode)Session(id)).ToArray();
        return new EngineResult(200, Collection(context.ServiceRoot, call.Id, "contentSharingSessions", items), call.Id);
    }

    /// <summary>GET /communications/calls/{id}/contentSharingSessions/{sessionId}</summary>
    public EngineResult GetContentSharingSession(GraphRequestContext context)
    {
        var call = LiveCall(context, ApiPermissions.AnyCall);
        var found = call.Read(locked => locked.Record.ContentSharingSessions.Values.FirstOrDefault(s => string.Equals(s, context.ItemId, StringComparison.OrdinalIgnoreCase)))
            ?? throw GraphRequestException.NotFound($"Content sharing session '{context.ItemId}' was not found in call '{call.Id}'.");
        var session = Session(found);
        session["@odata.context"] = context.ServiceRoot + $"$metadata#communications/calls('{call.Id}')/contentSharingSessions/$entity";
        return new EngineResult(200, session, call.Id);
    }

    private static JsonObject Session(string id) => new() { ["@odata.type"] = "#microsoft.graph.contentSharingSession", ["id"] = id };

    private static JsonObject Group(string id, string mode, List<string> sources, List<string> receivers) => new()
    {
        ["@odata.type"] = "#microsoft.graph.audioRoutingGroup",
        ["id"] = id,
        ["routingMode"] = mode,
        ["sources"] = new JsonArray([.. sources.Select(s => (JsonNode)JsonValue.Create(s))]),
        ["receivers"] = new JsonArray([.. receivers.Select(r => (JsonNode)JsonValue.Create(r))]),
    };

    private static List<string>? ParticipantIds(JsonObject body, string name, bool required)
    {
        var array = Fields.Array(body, name, name, required, EmulatorLimits.MaxParticipantsPerCall);
        if (array is null)
        {
            return null;
        }

        var ids = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var value = array[i]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? array[i]!.GetValue<string>() : null;
            if (string.IsNullOrWhiteSpace(value) || value.Length > EmulatorLimits.MaxIdLength)
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{name}[{i}]' must be a participant id.");
            }

            ids.Add(value);
        }

        return ids;
    }

    /// <summary>One source; a oneToOne group has one receiver, a multicast group one or more; no participant receives itself.</summary>
    private static void CheckShape(string mode, List<string> sources, List<string> receivers)
    {
        if (sources.Count != 1)
        {
            throw GraphRequestException.BadRequest($"Invalid request: 'sources' must hold exactly one participant id, not {sources.Count}.");
        }

        if (receivers.Count == 0 || (mode == "oneToOne" && receivers.Count != 1))
        {
            throw GraphRequestException.BadRequest($"Invalid request: 'receivers' must hold {(mode == "oneToOne" ? "exactly one participant id for routingMode oneToOne" : "at least one participant id")}, not {receivers.Count}.");
        }

        if (receivers.Contains(sources[0], StringComparer.OrdinalIgnoreCase))
        {
            throw GraphRequestException.BadRequest("Invalid request: 'receivers' must not contain the source participant.");
        }
    }

    private static void CheckParticipants(LockedCall locked, List<string> ids, string name)
    {
        for (var i = 0; i < ids.Count; i++)
        {
            if (locked.Roster.Find(ids[i]) is null)
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{name}[{i}]' ('{ids[i]}') is not a participant of call '{locked.Record.Id}'.");
            }
        }
    }

    private static JsonObject FindGroup(LockedCall locked, string callId, string? groupId) =>
        groupId is not null && locked.Record.AudioRoutingGroups.TryGetValue(groupId, out var group)
            ? group
            : throw GraphRequestException.NotFound($"Audio routing group '{groupId}' was not found in call '{callId}'.");

    private static List<string> Strings(JsonArray array) => [.. array.Select(n => n!.GetValue<string>())];

    private static JsonObject Collection(string serviceRoot, string callId, string name, JsonNode[] items) => new()
    {
        ["@odata.context"] = serviceRoot + $"$metadata#communications/calls('{callId}')/{name}",
        ["value"] = new JsonArray(items),
    };

    private EmulatedCall LiveCall(GraphRequestContext context, string[] permissions)
    {
        context.Require(permissions);
        return registry.GetLiveCall(context.CallId, context.Principal.AppId);
    }
}
