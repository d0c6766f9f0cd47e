using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference pages "participant: startHoldMusic" and "participant: stopHoldMusic".</summary>
public sealed class ParticipantHoldMusicTests
{
    [Theory]
    [InlineData("startHoldMusic", "#microsoft.graph.startHoldMusicOperation")]
    [InlineData("stopHoldMusic", "#microsoft.graph.stopHoldMusicOperation")]
    public async Task HoldMusic_Returns202RunningThenNotifiesCompleted(string action, string odataType)
    {
        await using var call = await ConformanceCall.StartAsync();
        var participant = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;
        var body = new JsonObject { ["clientContext"] = "d45324c1-fcb5-430a-902c-f20af696537c" };
        if (action == "startHoldMusic")
        {
            body["customPrompt"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.mediaPrompt",
                ["mediaInfo"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.mediaInfo", ["uri"] = "https://bot.contoso.com/onHold.wav" },
            };
        }

        var (status, operation, location) = await call.PostWithLocationAsync($"participants/{participant}/{action}", body);
        var completed = await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());

        Assert.Equal(202, status);
        Assert.Equal(odataType, operation["@odata.type"]!.GetValue<string>());
        Assert.Equal("running", operation["status"]!.GetValue<string>());
        Assert.NotNull(location);
        Assert.Equal(odataType, completed["@odata.type"]!.GetValue<string>());
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("d45324c1-fcb5-430a-902c-f20af696537c", completed["clientContext"]!.GetValue<string>());
    }

    [Fact]
    public async Task StartHoldMusic_UnknownParticipant_Returns404()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, _) = await call.PostAsync($"participants/{Guid.NewGuid()}/startHoldMusic", new JsonObject());

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task StartHoldMusic_RelativePromptUri_Returns400NamingIt()
    {
        await using var call = await ConformanceCall.StartAsync();
        var participant = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;
        var body = new JsonObject { ["customPrompt"] = new JsonObject { ["mediaInfo"] = new JsonObject { ["uri"] = "onHold.wav" } } };

        var (status, error) = await call.PostAsync($"participants/{participant}/startHoldMusic", body);

        Assert.Equal(400, status);
        Assert.Contains("customPrompt.mediaInfo.uri", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartHoldMusic_OnTheBot_Returns400()
    {
        await using var call = await ConformanceCall.StartAsync();
        var bot = call.Control.GetCall(call.CallId)!.Participants.First(p => p.IsBot).Id;

        var (status, _) = await call.PostAsync($"participants/{bot}/startHoldMusic", new JsonObject());

        Assert.Equal(400, status);
    }
}
