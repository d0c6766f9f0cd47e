using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "Delete call" (the bot hangs up) and its call end reason codes (the remote side hangs up).</summary>
public sealed class CallDeleteTests
{
    [Fact]
    public async Task Delete_EstablishedCall_204ThenTerminatingThenDeleted()
    {
        await using var call = await ConformanceCall.StartAsync();
        var before = (await call.NotificationsAsync()).Count;

        var (status, body) = await call.SendAsync(HttpMethod.Delete, "");
        await call.Control.WaitForCallStateAsync(call.CallId, CallStates.Terminated);
        var after = (await call.NotificationsAsync()).Skip(before).ToList();

        Assert.Equal(204, status);
        Assert.Null(body);
        Assert.Equal([("updated", "terminating"), ("deleted", "terminated")], after.Select(n => (n.ChangeType, n.State)).ToList());
        AssertResultInfo(after[1].ResourceData!, 200, 5001, "The conversation has ended.");
    }

    [Fact]
    public async Task RemoteHangUp_PeerToPeer_TerminatingThenDeletedWith4521()
    {
        await using var call = await ConformanceCall.StartAsync();
        var before = (await call.NotificationsAsync()).Count;

        await call.Control.HangUpAsync(call.CallId);
        var after = (await call.NotificationsAsync()).Skip(before).ToList();

        Assert.Equal([("updated", "terminating"), ("deleted", "terminated")], after.Select(n => (n.ChangeType, n.State)).ToList());
        AssertResultInfo(after[1].ResourceData!, 200, 4521, "Call ended by the other participant in peer-to-peer call.");
    }

    [Fact]
    public async Task Delete_UnknownCall_Returns404()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var (status, body) = await environment.GraphAsync(HttpMethod.Delete, "v1.0/communications/calls/" + Guid.NewGuid());

        Assert.Equal(404, status);
        Assert.NotNull(body!["error"]!["code"]);
    }

    [Fact]
    public async Task Reject_IncomingCall_DeletedWithoutTerminating()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/reject", new JsonObject { ["reason"] = "busy" });
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        Assert.Equal(["incoming", "terminated"], environment.Receiver.Received.Where(n => n.ResourceUrl.EndsWith(callId, StringComparison.Ordinal)).Select(n => n.State).ToList());
    }

    internal static void AssertResultInfo(JsonNode resource, int code, int subcode, string message)
    {
        var info = resource["resultInfo"]!;
        Assert.Equal("#microsoft.graph.resultInfo", info["@odata.type"]!.GetValue<string>());
        Assert.Equal(code, info["code"]!.GetValue<int>());
        Assert.Equal(subcode, info["subcode"]!.GetValue<int>());
        Assert.Equal(message, info["message"]!.GetValue<string>());
    }
}
