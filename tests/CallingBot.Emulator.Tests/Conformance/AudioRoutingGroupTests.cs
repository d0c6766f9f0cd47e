using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference pages "Create audioRoutingGroup", "List audioRoutingGroups", "Get audioRoutingGroup", "Update audioRoutingGroup", "Delete audioRoutingGroup".</summary>
public sealed class AudioRoutingGroupTests
{
    private static async Task<(string Caller, string Bot)> ParticipantsAsync(ConformanceCall call)
    {
        var snapshot = call.Control.GetCall(call.CallId)!;
        return (snapshot.Participants.First(p => !p.IsBot).Id, snapshot.Participants.First(p => p.IsBot).Id);
    }

    private static JsonObject Group(string id, string mode, string source, params string[] receivers) => new()
    {
        ["id"] = id,
        ["routingMode"] = mode,
        ["sources"] = new JsonArray(source),
        ["receivers"] = new JsonArray([.. receivers.Select(r => (JsonNode)JsonValue.Create(r))]),
    };

    [Fact]
    public async Task Create_OneToOne_Returns200WithTheGroup()
    {
        await using var call = await ConformanceCall.StartAsync();
        var (caller, bot) = await ParticipantsAsync(call);

        var (status, body) = await call.PostAsync("audioRoutingGroups", Group("oneToOne", "oneToOne", caller, bot));

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.audioRoutingGroup", body!["@odata.type"]!.GetValue<string>());
        Assert.Equal("oneToOne", body["id"]!.GetValue<string>());
        Assert.Equal("oneToOne", body["routingMode"]!.GetValue<string>());
        Assert.Equal([caller], body["sources"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal([bot], body["receivers"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Fact]
    public async Task ListGetUpdateDelete_FollowTheGroup()
    {
        await using var call = await ConformanceCall.StartAsync();
        var (caller, bot) = await ParticipantsAsync(call);
        var other = await call.Control.JoinParticipantAsync(call.CallId, "72f988bf-86f1-41af-91ab-2d7cd011db47", "Other");
        await call.PostAsync("audioRoutingGroups", Group("multicast", "multicast", caller, bot));

        var (listStatus, list) = await call.SendAsync(HttpMethod.Get, "audioRoutingGroups");
        var (patchStatus, patched) = await call.SendAsync(HttpMethod.Patch, "audioRoutingGroups/multicast", new JsonObject { ["receivers"] = new JsonArray(bot, other) });
        var (getStatus, got) = await call.SendAsync(HttpMethod.Get, "audioRoutingGroups/multicast");
        var (deleteStatus, _) = await call.SendAsync(HttpMethod.Delete, "audioRoutingGroups/multicast");
        var (afterStatus, after) = await call.SendAsync(HttpMethod.Get, "audioRoutingGroups/multicast");

        Assert.Equal(200, listStatus);
        Assert.EndsWith($"$metadata#communications/calls('{call.CallId}')/audioRoutingGroups", list!["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal("multicast", Assert.Single(list["value"]!.AsArray())!["id"]!.GetValue<string>());
        Assert.Equal(200, patchStatus);
        Assert.Equal([bot, other], patched!["receivers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.Equal(200, getStatus);
        Assert.Equal([bot, other], got!["receivers"]!.AsArray().Select(n => n!.GetValue<string>()));
        Assert.EndsWith("/audioRoutingGroups/$entity", got["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(204, deleteStatus);
        Assert.Equal(404, afterStatus);
        Assert.NotNull(after!["error"]);
    }

    [Fact]
    public async Task Create_Invalid_Returns400NamingTheField()
    {
        await using var call = await ConformanceCall.StartAsync();
        var (caller, bot) = await ParticipantsAsync(call);
        var noMode = Group("a", "oneToOne", caller, bot);
        noMode.Remove("routingMode");

        var (missingMode, missingModeBody) = await call.PostAsync("audioRoutingGroups", noMode);
        var (badMode, _) = await call.PostAsync("audioRoutingGroups", Group("b", "broadcast", caller, bot));
        var (twoReceivers, twoBody) = await call.PostAsync("audioRoutingGroups", Group("c", "oneToOne", caller, bot, "x"));
        var (stranger, strangerBody) = await call.PostAsync("audioRoutingGroups", Group("d", "oneToOne", caller, Guid.NewGuid().ToString()));

        Assert.Equal(400, missingMode);
        Assert.Contains("routingMode", missingModeBody!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, badMode);
        Assert.Equal(400, twoReceivers);
        Assert.Contains("receivers", twoBody!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(400, stranger);
        Assert.Contains("receivers[0]", strangerBody!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        var (_, list) = await call.SendAsync(HttpMethod.Get, "audioRoutingGroups");
        Assert.Empty(list!["value"]!.AsArray());
    }

    [Fact]
    public async Task Create_SameIdTwice_Returns409()
    {
        await using var call = await ConformanceCall.StartAsync();
        var (caller, bot) = await ParticipantsAsync(call);
        await call.PostAsync("audioRoutingGroups", Group("g", "oneToOne", caller, bot));

        var (status, _) = await call.PostAsync("audioRoutingGroups", Group("g", "oneToOne", caller, bot));

        Assert.Equal(409, status);
    }

    [Fact]
    public async Task Create_WithoutGroupCallPermission_Returns403()
    {
        await using var call = await ConformanceCall.StartAsync();
        await call.RestrictPermissionsAsync("Calls.Initiate.All");
        var (caller, bot) = await ParticipantsAsync(call);

        var (status, body) = await call.PostAsync("audioRoutingGroups", Group("g", "oneToOne", caller, bot));

        Assert.Equal(403, status);
        Assert.Contains("Calls.JoinGroupCall.All", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Unknown_Returns404()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.SendAsync(HttpMethod.Get, "audioRoutingGroups/none");

        Assert.Equal(404, status);
        Assert.Contains("none", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
