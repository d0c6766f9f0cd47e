using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Calls;

public sealed class RoutingApiTests
{
    [Fact]
    public async Task Redirect_OneTarget_Returns202AndEndsCall()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/redirect", Targets(1));
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);
        var deleted = await environment.WaitForNotificationAsync(n => n.ChangeType == "deleted", "deleted notification");

        Assert.Equal(202, status);
        Assert.Equal(7000, ended.ResultSubcode);
        Assert.Equal("terminated", deleted.State);
    }

    [Fact]
    public async Task Redirect_TwentySixTargets_Returns400()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/redirect", Targets(26));

        Assert.Equal(400, status);
        Assert.Contains("targets", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(14, 400)]
    [InlineData(15, 202)]
    [InlineData(90, 202)]
    [InlineData(91, 400)]
    public async Task Redirect_Timeout_IsLimitedTo15To90Seconds(int timeout, int expected)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var body = Targets(25);
        body["timeout"] = timeout;
        body["routingPolicies"] = new JsonArray("DisableForwarding");

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/redirect", body);

        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Redirect_EstablishedCall_Returns409()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await AnswerAsync(environment);

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/redirect", Targets(1));

        Assert.Equal(409, status);
    }

    [Fact]
    public async Task Transfer_Blind_GoesThroughTransferringAndEnds()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await AnswerAsync(environment);
        var body = new JsonObject { ["transferTarget"] = Targets(1)["targets"]![0]!.DeepClone() };

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/transfer", body);
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        Assert.Equal(202, status);
        Assert.Equal(7015, ended.ResultSubcode);
        var states = environment.Receiver.Received.Where(n => n.ResourceUrl.EndsWith(callId, StringComparison.Ordinal)).Select(n => n.State).ToList();
        Assert.Equal(["incoming", "establishing", "established", "transferring", "transferAccepted", "terminated"], states);
    }

    [Fact]
    public async Task Transfer_Consultative_EndsBothCalls()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var first = await AnswerAsync(environment);
        var (_, consult) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", CreateCallApiTests.PeerToPeer(environment, "98da8a1a-1b87-452c-a713-65d3f10b5555"));
        var consultId = consult!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallStateAsync(consultId, CallStates.Established);
        var target = Targets(1)["targets"]![0]!.DeepClone().AsObject();
        target["replacesCallId"] = consultId;

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{first}/transfer", new JsonObject { ["transferTarget"] = target });

        Assert.Equal(202, status);
        await environment.Emulator.Control.WaitForCallStateAsync(first, CallStates.Terminated);
        await environment.Emulator.Control.WaitForCallStateAsync(consultId, CallStates.Terminated);
    }

    [Fact]
    public async Task Transfer_WithoutTarget_Returns400()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await AnswerAsync(environment);

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/transfer", new JsonObject());

        Assert.Equal(400, status);
        Assert.Contains("transferTarget", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    internal static async Task<string> AnswerAsync(TestEnvironment environment, bool deltaRoster = false, bool contentSharing = false)
    {
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var answer = new JsonObject
        {
            ["callbackUri"] = environment.Receiver.CallbackUri.ToString(),
            ["acceptedModalities"] = new JsonArray("audio"),
            ["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" },
            ["callOptions"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.incomingCallOptions",
                ["isDeltaRosterEnabled"] = deltaRoster,
                ["isContentSharingNotificationEnabled"] = contentSharing,
            },
        };
        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/answer", answer);
        Assert.Equal(202, status);
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        return callId;
    }

    private static JsonObject Targets(int count)
    {
        var targets = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            targets.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
                ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["displayName"] = $"user {i}" } },
            });
        }

        return new JsonObject { ["targets"] = targets };
    }
}
