using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Control;

public sealed class ControlApiTests
{
    [Fact]
    public async Task PostCalls_OverPlainHttp_PlacesCallAndTimelineRecordsIt()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var http = new HttpClient { BaseAddress = environment.Emulator.HttpBaseAddress };

        using var created = await http.PostAsJsonAsync("emulator/calls", new { appId = TestApps.BotAppId, fromUserId = TestApps.CallerUserId });
        var call = JsonNode.Parse(await created.Content.ReadAsStringAsync())!;
        var callId = call["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);
        var timeline = JsonNode.Parse(await http.GetStringAsync($"emulator/calls/{callId}/timeline"))!.AsArray();
        using var hangUp = await http.PostAsync($"emulator/calls/{callId}/hangUp", null);
        var ended = JsonNode.Parse(await http.GetStringAsync($"emulator/calls/{callId}/wait?state=terminated&timeoutSeconds=10"))!;

        Assert.Equal(201, (int)created.StatusCode);
        Assert.Equal("incoming", call["state"]!.GetValue<string>());
        Assert.Contains(timeline, e => e!["kind"]!.GetValue<string>() == "notification" && e["statusCode"]!.GetValue<int>() == 202);
        Assert.Equal(200, (int)hangUp.StatusCode);
        Assert.Equal("terminated", ended["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task PostCalls_UnknownApp_Returns400WithGraphError()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var response = await environment.Http.PostAsJsonAsync("emulator/calls", new { appId = "nope" });
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(400, (int)response.StatusCode);
        Assert.Contains("nope", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheControlRoutes()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var document = JsonNode.Parse(await environment.Http.GetStringAsync("emulator/openapi.json"))!;

        Assert.Equal("3.0.3", document["openapi"]!.GetValue<string>());
        Assert.NotNull(document["paths"]!["/emulator/calls/{id}/keys"]);
        Assert.NotNull(document["paths"]!["/emulator/calls/{id}/timeline"]);
    }

    [Fact]
    public async Task GetCertificate_ReturnsTheTlsCertificate()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var raw = await environment.Http.GetByteArrayAsync("emulator/certificate");

        Assert.Equal(environment.Emulator.TlsCertificate.RawData, raw);
    }

    [Fact]
    public async Task PostKeys_NotEstablished_Returns409()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new Emulator.Control.IncomingCallRequest { AppId = TestApps.BotAppId });

        using var response = await environment.Http.PostAsJsonAsync($"emulator/calls/{callId}/keys", new { keys = "1" });

        Assert.Equal(409, (int)response.StatusCode);
    }
}
