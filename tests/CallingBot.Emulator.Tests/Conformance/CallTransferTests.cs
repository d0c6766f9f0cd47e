using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Tests.Calls;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "call: transfer": transferring, transferAccepted, then deleted (completed) or established with resultInfo (failed).</summary>
public sealed class CallTransferTests
{
    private const string TargetId = "550fae72-d251-43ec-868c-373732c2704f";

    private static JsonObject Transfer(string? replacesCallId = null)
    {
        var target = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
            ["endpointType"] = "default",
            ["identity"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.identitySet",
                ["user"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.identity", ["id"] = TargetId, ["displayName"] = "Heidi Steen" },
            },
        };
        if (replacesCallId is not null)
        {
            target["replacesCallId"] = replacesCallId;
        }

        return new JsonObject { ["transferTarget"] = target };
    }

    [Fact]
    public async Task Transfer_Accepted_DeletedWithAppTransferredAnd7015()
    {
        await using var call = await ConformanceCall.StartAsync();
        var before = (await call.NotificationsAsync()).Count;

        var (status, _) = await call.PostAsync("transfer", Transfer());
        await call.Control.WaitForCallStateAsync(call.CallId, CallStates.Terminated);
        var after = (await call.NotificationsAsync()).Skip(before).ToList();

        Assert.Equal(202, status);
        Assert.Equal([("updated", "transferring"), ("updated", "transferAccepted"), ("deleted", "terminated")], after.Select(n => (n.ChangeType, n.State)).ToList());
        Assert.Equal("AppTransferred", after[2].ResourceData!["terminationReason"]!.GetValue<string>());
        CallDeleteTests.AssertResultInfo(after[2].ResourceData!, 0, 7015, "GracefulTransferCompleted");
    }

    [Theory]
    [InlineData(CalleeResponse.Busy)]
    [InlineData(CalleeResponse.Decline)]
    public async Task Transfer_TargetRefuses_EstablishedWith500And7000(CalleeResponse response)
    {
        await using var call = await ConformanceCall.StartAsync(configure: o => o.Users.Add(new EmulatedUser { Id = TargetId, DisplayName = "Heidi Steen", Behavior = new CalleeBehavior { Response = response } }));
        var before = (await call.NotificationsAsync()).Count;

        await call.PostAsync("transfer", Transfer());
        var failed = await call.Environment.WaitForNotificationAsync(n => n.State == "established" && n.ResourceData!["resultInfo"] is not null, "the established notification of the failed transfer");

        Assert.Equal(500, failed.ResourceData!["resultInfo"]!["code"]!.GetValue<int>());
        Assert.Equal(7000, failed.ResourceData!["resultInfo"]!["subcode"]!.GetValue<int>());
        Assert.Null(failed.ResourceData!["replacesContext"]);
        Assert.Equal(CallStates.Established, call.Control.GetCall(call.CallId)!.State);
        Assert.Equal(["transferring", "established"], (await call.NotificationsAsync()).Skip(before).Select(n => n.State).ToList());
    }

    [Fact]
    public async Task Transfer_ConsultativeTargetBusy_EstablishedWith7700AndReplacesContext()
    {
        await using var call = await ConformanceCall.StartAsync(configure: o => o.Users.Add(new EmulatedUser { Id = TargetId, DisplayName = "Heidi Steen", Behavior = new CalleeBehavior { Response = CalleeResponse.Busy } }));
        var consult = await RoutingApiTests.AnswerAsync(call.Environment);

        await call.PostAsync("transfer", Transfer(consult));
        var failed = await call.Environment.WaitForNotificationAsync(n => n.ResourceUrl.EndsWith(call.CallId, StringComparison.Ordinal) && n.State == "established" && n.ResourceData!["resultInfo"] is not null, "the established notification of the failed transfer");

        Assert.Equal(500, failed.ResourceData!["resultInfo"]!["code"]!.GetValue<int>());
        Assert.Equal(7700, failed.ResourceData!["resultInfo"]!["subcode"]!.GetValue<int>());
        Assert.Equal(consult, failed.ResourceData!["replacesContext"]!.GetValue<string>());
        Assert.Equal(CallStates.Established, call.Control.GetCall(consult)!.State);
    }

    [Fact]
    public async Task Transfer_Consultative_EndsTheReplacedCallToo()
    {
        await using var call = await ConformanceCall.StartAsync();
        var consult = await RoutingApiTests.AnswerAsync(call.Environment);

        await call.PostAsync("transfer", Transfer(consult));
        var replaced = await call.Control.WaitForCallStateAsync(consult, CallStates.Terminated);

        Assert.Equal(7015, replaced.ResultSubcode);
    }

    [Fact]
    public async Task Transfer_WithoutTarget_Returns400NamingIt()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.PostAsync("transfer", new JsonObject());

        Assert.Equal(400, status);
        Assert.Contains("transferTarget", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
