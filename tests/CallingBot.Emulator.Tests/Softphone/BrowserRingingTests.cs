using System.Text;
using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Tests.Calls;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Softphone;

/// <summary>Callees with the browser behaviour ring until a person answers or declines them, instead of answering on their own.</summary>
public sealed class BrowserRingingTests
{
    private const string CalleeId = "5e6f7a8b-9c0d-4e1f-a2b3-c4d5e6f7a8b9";

    [Fact]
    public async Task CreateCall_CalleeRingsOnBrowser_StaysEstablishingUntilAnsweredThenEstablishes()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, DisplayName = "Bob", Behavior = CalleeBehavior.RingsOnBrowser() }));
        var control = environment.Emulator.Control;

        var callId = await CreateCallAsync(environment);
        var ring = await control.WaitForRingingAsync(r => r.CallId == callId, "the callee");
        var ringing = control.GetCall(callId)!;
        var answered = await control.AnswerRingingAsync(ring.RingId);
        var established = await control.WaitForCallStateAsync(callId, CallStates.Established);

        Assert.Equal((TestApps.BotAppId, "callee", "user", CalleeId), (ring.AppId, ring.Role, ring.IdentityKind, ring.IdentityId));
        Assert.Equal(CallStates.Establishing, ringing.State);
        Assert.Equal(callId, answered.Id);
        Assert.Contains(established.Participants, p => p.IdentityId == CalleeId && !p.IsBot);
        Assert.Empty(control.ListRinging());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => control.AnswerRingingAsync(ring.RingId));
    }

    [Fact]
    public async Task CreateCall_PersonDeclinesOverHttp_EndsWith603()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, Behavior = CalleeBehavior.RingsOnBrowser() }));
        using var http = new HttpClient { BaseAddress = environment.Emulator.HttpBaseAddress };
        var callId = await CreateCallAsync(environment);
        await environment.Emulator.Control.WaitForRingingAsync(r => r.CallId == callId, "the callee");

        var listed = JsonNode.Parse(await http.GetStringAsync("emulator/ringing"))!.AsArray();
        var ringId = listed.Single()!["ringId"]!.GetValue<string>();
        using var decline = new HttpRequestMessage(HttpMethod.Post, $"emulator/ringing/{ringId}/decline");
        decline.Headers.Add("Origin", environment.Emulator.HttpBaseAddress!.GetLeftPart(UriPartial.Authority));
        using var declined = await http.SendAsync(decline);
        using var again = await http.PostAsync($"emulator/ringing/{ringId}/answer", null);
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Equal(200, (int)declined.StatusCode);
        Assert.Equal(404, (int)again.StatusCode);
        Assert.Contains("was not found", await again.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(603, ended.ResultCode);
    }

    [Fact]
    public async Task CreateCall_NobodyAnswersTheBrowser_EndsAfterRingingTimeoutWith408()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, Behavior = CalleeBehavior.RingsOnBrowser() }), time);
        var callId = await CreateCallAsync(environment);
        var ring = await environment.Emulator.Control.WaitForRingingAsync(r => r.CallId == callId, "the callee");

        time.Advance(TimeSpan.FromSeconds(59));
        var stillRinging = environment.Emulator.Control.ListRinging();
        time.Advance(TimeSpan.FromSeconds(1));
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Single(stillRinging);
        Assert.Equal(408, ended.ResultCode);
        Assert.Empty(environment.Emulator.Control.ListRinging());
        await Assert.ThrowsAsync<KeyNotFoundException>(() => environment.Emulator.Control.AnswerRingingAsync(ring.RingId));
    }

    [Fact]
    public async Task CreateCall_BotHangsUpWhileRinging_TheRingDisappears()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, Behavior = CalleeBehavior.RingsOnBrowser() }));
        var callId = await CreateCallAsync(environment);
        await environment.Emulator.Control.WaitForRingingAsync(r => r.CallId == callId, "the callee");

        var (status, _) = await environment.GraphAsync(HttpMethod.Delete, $"v1.0/communications/calls/{callId}");
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Equal(204, status);
        Assert.Empty(environment.Emulator.Control.ListRinging());
    }

    [Fact]
    public async Task Transfer_ToABrowserTarget_IsAcceptedWhenThePersonAnswers()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, Behavior = CalleeBehavior.RingsOnBrowser() }));
        var callId = await RoutingApiTests.AnswerAsync(environment);
        var target = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
            ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = CalleeId } },
        };

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/transfer", new JsonObject { ["transferTarget"] = target });
        var ring = await environment.Emulator.Control.WaitForRingingAsync(r => r.CallId == callId, "the transfer target");
        var transferring = environment.Emulator.Control.GetCall(callId)!.State;
        await environment.Emulator.Control.AnswerRingingAsync(ring.RingId);
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Equal(202, status);
        Assert.Equal("transferTarget", ring.Role);
        Assert.Equal(CallStates.Transferring, transferring);
        Assert.Equal(7015, ended.ResultSubcode);
    }

    [Fact]
    public async Task Invite_ABrowserInvitee_JoinsWhenThePersonAnswersAndTheOperationCompletes()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, Behavior = CalleeBehavior.RingsOnBrowser() }));
        var callId = await RoutingApiTests.AnswerAsync(environment);
        var invite = new JsonObject
        {
            ["clientContext"] = "invite-browser",
            ["participants"] = new JsonArray(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
                ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = CalleeId, ["displayName"] = "Bob" } },
            }),
        };

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/participants/invite", invite);
        var ring = await environment.Emulator.Control.WaitForRingingAsync(r => r.CallId == callId, "the invitee");
        var before = environment.Emulator.Control.GetCall(callId)!.Participants.Count;
        await environment.Emulator.Control.AnswerRingingAsync(ring.RingId);
        var joined = await environment.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Any(p => p.IdentityId == CalleeId), "the invitee joined");
        var completed = await environment.Emulator.Control.WaitForTimelineEntryAsync(
            callId, e => e.Body?.Contains("invite-browser", StringComparison.Ordinal) == true && e.Body.Contains("\"completed\"", StringComparison.Ordinal), "the invite operation completed");

        Assert.Equal(200, status);
        Assert.Equal("invitee", ring.Role);
        Assert.Equal(before + 1, joined.Participants.Count);
        Assert.NotNull(completed);
    }

    [Fact]
    public async Task Directory_ListsUsersAndNumbersWithTheirBehaviour()
    {
        await using var environment = await TestEnvironment.StartAsync(o =>
        {
            o.Users.Add(new EmulatedUser { Id = CalleeId, DisplayName = "Bob", Behavior = CalleeBehavior.RingsOnBrowser() });
            o.PstnNumbers.Add(new EmulatedPstnNumber { Number = "+14255550123", DisplayName = "Desk" });
        });
        using var http = new HttpClient { BaseAddress = environment.Emulator.HttpBaseAddress };

        var directory = JsonNode.Parse(await http.GetStringAsync("emulator/directory"))!;

        Assert.Equal("browser", directory["users"]![0]!["behavior"]!["response"]!.GetValue<string>());
        Assert.Equal("+14255550123", directory["pstnNumbers"]![0]!["number"]!.GetValue<string>());
    }

    [Fact]
    public async Task RegisterBrowserUser_OverTheControlApi_RingsThatUser()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var http = new HttpClient { BaseAddress = environment.Emulator.HttpBaseAddress };
        using var content = new StringContent($$$"""{"id":"{{{CalleeId}}}","displayName":"Bob","behavior":{"response":"browser"}}""", Encoding.UTF8, "application/json");
        using var added = await http.PostAsync("emulator/directory/users", content);

        var callId = await CreateCallAsync(environment);
        var ring = await environment.Emulator.Control.WaitForRingingAsync(r => r.CallId == callId, "the registered user");

        Assert.Equal(201, (int)added.StatusCode);
        Assert.Equal(CalleeId, ring.IdentityId);
    }

    private static async Task<string> CreateCallAsync(TestEnvironment environment)
    {
        var (status, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", CreateCallApiTests.PeerToPeer(environment, CalleeId));
        Assert.Equal(201, status);
        return call!["id"]!.GetValue<string>();
    }
}
