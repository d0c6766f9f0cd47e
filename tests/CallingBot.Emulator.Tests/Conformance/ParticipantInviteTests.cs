using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Tests.Calls;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "participant: invite" and resource page "invitationParticipantInfo".</summary>
public sealed class ParticipantInviteTests
{
    private static JsonObject Invitee(string userId, string? replacesCallId = null, string? participantId = null)
    {
        var invitee = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
            ["identity"] = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.identitySet",
                ["user"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.identity", ["id"] = userId, ["identityProvider"] = "AAD" },
            },
        };
        if (replacesCallId is not null)
        {
            invitee["replacesCallId"] = replacesCallId;
        }

        if (participantId is not null)
        {
            invitee["participantId"] = participantId;
        }

        return invitee;
    }

    [Fact]
    public async Task Invite_Returns200RunningThenRosterAndCompleted()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, operation, location) = await call.PostWithLocationAsync("participants/invite", new JsonObject { ["participants"] = new JsonArray(Invitee("278405a3-f568-4b3e-b684-009193463064")), ["clientContext"] = "f2fa86af" });
        var completed = await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.inviteParticipantsOperation", operation["@odata.type"]!.GetValue<string>());
        Assert.Equal("running", operation["status"]!.GetValue<string>());
        Assert.NotNull(location);
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Contains(call.Control.GetCall(call.CallId)!.Participants, p => p.IdentityId == "278405a3-f568-4b3e-b684-009193463064");
    }

    [Fact]
    public async Task Invite_SeveralIntoAPeerToPeerCall_Returns400NamingParticipants()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.PostAsync("participants/invite", new JsonObject { ["participants"] = new JsonArray(Invitee("278405a3-f568-4b3e-b684-009193463064"), Invitee("1e126418-44a0-4a94-a6f8-0efe1ad71acb")) });

        Assert.Equal(400, status);
        Assert.Contains("group calls only", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Contains("'participants'", body["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal(CallKind.PeerToPeer, call.Control.GetCall(call.CallId)!.Kind);
        Assert.Equal(2, call.Control.GetCall(call.CallId)!.Participants.Count);
    }

    [Fact]
    public async Task Invite_OneIntoAPeerToPeerCall_MakesItAGroupCallThatOutlivesTheCaller()
    {
        await using var call = await ConformanceCall.StartAsync();
        var caller = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;

        var (_, operation) = await call.PostAsync("participants/invite", new JsonObject { ["participants"] = new JsonArray(Invitee("278405a3-f568-4b3e-b684-009193463064")) });
        await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());
        var grouped = call.Control.GetCall(call.CallId)!;
        await call.Control.LeaveParticipantAsync(call.CallId, caller);
        var after = call.Control.GetCall(call.CallId)!;

        Assert.Equal(CallKind.Group, grouped.Kind);
        Assert.Equal(3, grouped.Participants.Count);
        Assert.Equal(CallStates.Established, after.State);
        Assert.Equal(2, after.Participants.Count);
    }

    [Fact]
    public async Task Invite_WithReplacesCallId_EndsTheReplacedCallOnceJoined()
    {
        await using var call = await ConformanceCall.StartAsync();
        var replaced = await RoutingApiTests.AnswerAsync(call.Environment);

        var (status, _) = await call.PostAsync("participants/invite", new JsonObject { ["participants"] = new JsonArray(Invitee("7e1b4346-85a6-4bdd-abe3-d11c5d420efe", replaced), Invitee("1e126418-44a0-4a94-a6f8-0efe1ad71acb")) });
        var ended = await call.Control.WaitForCallStateAsync(replaced, CallStates.Terminated);

        Assert.Equal(200, status);
        Assert.Equal(200, ended.ResultCode);
        var participants = call.Control.GetCall(call.CallId)!.Participants;
        Assert.Contains(participants, p => p.IdentityId == "7e1b4346-85a6-4bdd-abe3-d11c5d420efe");
        Assert.DoesNotContain(participants, p => p.IdentityId == "1e126418-44a0-4a94-a6f8-0efe1ad71acb");
    }

    [Fact]
    public async Task Invite_MovingAParticipantFromAnotherCall_RemovesItFromTheSource()
    {
        await using var call = await ConformanceCall.StartAsync();
        var source = await RoutingApiTests.AnswerAsync(call.Environment);
        var moved = await call.Control.JoinParticipantAsync(source, "550fae72-d251-43ec-868c-373732c2704f", "Heidi");

        await call.PostAsync("participants/invite", new JsonObject { ["participants"] = new JsonArray(Invitee("550fae72-d251-43ec-868c-373732c2704f", source, moved)) });
        var after = await call.Control.WaitForCallAsync(source, c => c.Participants.All(p => p.Id != moved), "the moved participant gone from the source call");

        Assert.Equal(CallStates.Established, after.State);
        Assert.Contains(call.Control.GetCall(call.CallId)!.Participants, p => p.IdentityId == "550fae72-d251-43ec-868c-373732c2704f");
    }

    [Fact]
    public async Task Invite_UnknownReplacesCallId_Returns404NamingIt()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.PostAsync("participants/invite", new JsonObject { ["participants"] = new JsonArray(Invitee("7e1b4346-85a6-4bdd-abe3-d11c5d420efe", Guid.NewGuid().ToString())) });

        Assert.Equal(404, status);
        Assert.Contains("participants[0].replacesCallId", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invite_WithoutParticipants_Returns400NamingIt()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, body) = await call.PostAsync("participants/invite", new JsonObject());

        Assert.Equal(400, status);
        Assert.Contains("participants", body!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
