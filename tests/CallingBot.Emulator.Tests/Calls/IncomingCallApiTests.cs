using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;
using Microsoft.IdentityModel.JsonWebTokens;

namespace CallingBot.Emulator.Tests.Calls;

public sealed class IncomingCallApiTests
{
    private static readonly JsonObject ServiceHostedAnswer = new()
    {
        ["callbackUri"] = "https://bot.contoso.com/api/calls",
        ["acceptedModalities"] = new JsonArray("Audio"),
        ["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" },
    };

    [Fact]
    public async Task PlaceIncomingCall_AppWithCallback_SendsSignedCreatedNotification()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var created = await environment.WaitForNotificationAsync(n => n.ChangeType == "created", "incoming notification");

        Assert.Equal($"/communications/calls/{callId}", created.ResourceUrl);
        Assert.Equal("#microsoft.graph.call", created.ODataType);
        Assert.Equal("incoming", created.State);
        Assert.Equal("incoming", created.ResourceData!["direction"]!.GetValue<string>());
        var token = new JsonWebToken(created.BearerToken);
        Assert.Equal([TestApps.BotAppId], token.Audiences);
        Assert.Equal(TestApps.TenantId, token.GetClaim("tid").Value);
        Assert.Equal(environment.Emulator.GetIssuer(TestApps.TenantId), token.Issuer);
        Assert.Equal(EmulatorOptions.TeamsCallingServiceAppId, token.GetClaim("azp").Value);
        Assert.Equal(EmulatorOptions.TeamsCallingServiceAppId, token.GetClaim("appid").Value);
    }

    [Fact]
    public async Task Answer_IncomingCall_Returns202ThenEstablishingAndEstablished()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var answer = ServiceHostedAnswer.DeepClone().AsObject();
        answer["callbackUri"] = environment.Receiver.CallbackUri.ToString();

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", answer);
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        Assert.Equal(202, status);
        var states = environment.Receiver.Received.Where(n => n.ChangeType == "updated" && n.State is not null).Select(n => n.State).ToList();
        Assert.Equal(["establishing", "established"], states);
    }

    [Fact]
    public async Task Answer_SecondTime_Returns409()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var token = await environment.GetTokenAsync();
        await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", ServiceHostedAnswer, token);

        var (status, body) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", ServiceHostedAnswer, token);

        Assert.Equal(409, status);
        Assert.Contains("answer", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Answer_WithoutModalities_Returns400NamingTheField()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var body = new JsonObject { ["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" } };

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", body);

        Assert.Equal(400, status);
        Assert.Equal("BadRequest", error!["error"]!["code"]!.GetValue<string>());
        Assert.Contains("acceptedModalities", error["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.NotNull(error["error"]!["innerError"]!["request-id"]);
        Assert.NotNull(error["error"]!["innerError"]!["date"]);
    }

    [Fact]
    public async Task GetCall_WithoutToken_Returns401GraphError()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var response = await environment.Http.GetAsync("v1.0/communications/calls/abc");
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        Assert.Equal(401, (int)response.StatusCode);
        Assert.Equal("InvalidAuthenticationToken", body["error"]!["code"]!.GetValue<string>());
    }

    [Fact]
    public async Task GetCall_UnknownId_Returns404()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var (status, _) = await environment.GraphAsync(HttpMethod.Get, "beta/communications/calls/unknown");

        Assert.Equal(404, status);
    }

    [Fact]
    public async Task GetCall_IncomingCall_ReturnsCallResource()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        var (status, call) = await environment.GraphAsync(HttpMethod.Get, $"v1.0/communications/calls/{callId}");

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.call", call!["@odata.type"]!.GetValue<string>());
        Assert.Equal(callId, call["id"]!.GetValue<string>());
        Assert.Equal("incoming", call["state"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeleteCall_EstablishedCall_Returns204AndSendsDeleted()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var token = await environment.GetTokenAsync();
        await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", ServiceHostedAnswer, token);

        var (status, _) = await environment.GraphAsync(HttpMethod.Delete, $"v1.0/communications/calls/{callId}", token: token);
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);
        var (afterStatus, _) = await environment.GraphAsync(HttpMethod.Get, $"v1.0/communications/calls/{callId}", token: token);

        Assert.Equal(204, status);
        Assert.Equal(5001, ended.ResultSubcode);
        Assert.Equal(404, afterStatus);
    }

    [Fact]
    public async Task Reject_WithForbiddenReason_EndsCall()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/reject", new JsonObject { ["reason"] = "Forbidden" });
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Equal(202, status);
        Assert.Equal(403, ended.ResultCode);
    }
}
