using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "participant: configureMixer" (beta).</summary>
public sealed class ParticipantConfigureMixerTests
{
    private static JsonObject Mixer(string participant, string source) => new()
    {
        ["clientContext"] = "d45324c1-fcb5-430a-902c-f20af696537c",
        ["participantMixerLevels"] = new JsonArray(new JsonObject
        {
            ["participant"] = participant,
            ["exclusive"] = true,
            ["ducking"] = new JsonObject { ["rampActive"] = 50, ["rampInactive"] = 50, ["lowerLevel"] = 10, ["upperLevel"] = 50 },
            ["sourceLevels"] = new JsonArray(new JsonObject { ["participant"] = source, ["level"] = 50, ["duckOthers"] = false }),
        }),
    };

    [Fact]
    public async Task ConfigureMixer_Beta_Returns200RunningThenCompleted()
    {
        await using var call = await ConformanceCall.StartAsync();
        var participants = call.Control.GetCall(call.CallId)!.Participants;

        var (status, operation, location) = await call.PostWithLocationAsync("participants/configureMixer", Mixer(participants[0].Id, participants[1].Id), "beta");
        var completed = await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.commsOperation", operation["@odata.type"]!.GetValue<string>());
        Assert.Equal("running", operation["status"]!.GetValue<string>());
        Assert.Contains("/beta/", location!.AbsolutePath, StringComparison.Ordinal);
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("#microsoft.graph.commsOperation", completed["@odata.type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConfigureMixer_V1_Returns404()
    {
        await using var call = await ConformanceCall.StartAsync();
        var participants = call.Control.GetCall(call.CallId)!.Participants;

        var (status, body) = await call.PostAsync("participants/configureMixer", Mixer(participants[0].Id, participants[1].Id));

        Assert.Equal(404, status);
        Assert.Equal("ResourceNotFound", body!["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConfigureMixer_UnknownSource_Returns400NamingIt()
    {
        await using var call = await ConformanceCall.StartAsync();
        var participants = call.Control.GetCall(call.CallId)!.Participants;

        var (status, body) = await call.PostAsync("participants/configureMixer", Mixer(participants[0].Id, Guid.NewGuid().ToString()), "beta");

        Assert.Equal(400, status);
        Assert.Contains("participantMixerLevels[0].sourceLevels[0].participant", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConfigureMixer_LevelOutOfRange_Returns400()
    {
        await using var call = await ConformanceCall.StartAsync();
        var participants = call.Control.GetCall(call.CallId)!.Participants;
        var body = Mixer(participants[0].Id, participants[1].Id);
        body["participantMixerLevels"]![0]!["sourceLevels"]![0]!["level"] = 101;

        var (status, error) = await call.PostAsync("participants/configureMixer", body, "beta");

        Assert.Equal(400, status);
        Assert.Contains("sourceLevels[0].level", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
