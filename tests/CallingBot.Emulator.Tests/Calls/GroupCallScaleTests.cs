using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Calls;

/// <summary>Roster work grows with the participants of a call, not with their square, and the call's limits hold.</summary>
public sealed class GroupCallScaleTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Create_GroupCallWith256Targets_OneRosterUpdateNamesEveryone(bool deltaRoster)
    {
        await using var environment = await TestEnvironment.StartAsync();
        var body = GroupCall(environment, EmulatorLimits.MaxTargets);
        if (deltaRoster)
        {
            body["callOptions"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.outgoingCallOptions", ["isDeltaRosterEnabled"] = true };
        }

        var (status, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);
        var callId = call!["id"]!.GetValue<string>();
        var established = await environment.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Count == EmulatorLimits.MaxTargets + 1, "every target joined");
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);
        var timeline = environment.Emulator.Control.GetTimeline(callId);
        var rosters = timeline.Where(e => e.Kind == TimelineEntryKind.Notification && e.Description!.Contains("/participants", StringComparison.Ordinal)).ToList();

        Assert.Equal(201, status);
        Assert.Equal(CallStates.Established, established.State);
        var roster = Assert.Single(rosters);
        Assert.Equal(EmulatorLimits.MaxTargets + 1, RosterParticipants(roster).Count);
        Assert.Equal(EmulatorLimits.MaxTargets + 1, RosterParticipants(roster).Select(p => p!["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(["request", "notification", "notification", "notification"], timeline.Select(e => e.Kind.ToString().ToLowerInvariant()));
        Assert.Equal(0, timeline.DroppedEntries);
        Assert.Single(environment.Receiver.Received, n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Create_TargetsThatAnswerAtDifferentTimes_OneRosterUpdatePerMoment()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(
            o =>
            {
                for (var i = 0; i < 4; i++)
                {
                    o.Users.Add(new Directory.EmulatedUser { Id = $"late-{i}", Behavior = Directory.CalleeBehavior.AnswerAfter(TimeSpan.FromSeconds(5)) });
                }
            },
            time);
        var body = GroupCall(environment, 6);
        for (var i = 0; i < 4; i++)
        {
            body["targets"]![i]!["identity"]!["user"]!["id"] = $"late-{i}";
        }

        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);
        var callId = call!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        time.Advance(TimeSpan.FromSeconds(5));
        await environment.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Count == 7, "the late callees joined");
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);
        var rosters = environment.Emulator.Control.GetTimeline(callId)
            .Where(e => e.Kind == TimelineEntryKind.Notification && e.Description!.Contains("/participants", StringComparison.Ordinal))
            .Select(e => RosterParticipants(e).Count)
            .ToList();

        Assert.Equal([3, 7], rosters);
    }

    [Fact]
    public async Task Create_257Targets_Returns400NamingTargets()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", GroupCall(environment, EmulatorLimits.MaxTargets + 1));

        Assert.Equal(400, status);
        Assert.Equal("Invalid request: 'targets' has 257 entries; at most 256 are accepted.", error!["error"]!["message"]!.GetValue<string>());
        Assert.Empty(environment.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task Invite_UpToTheParticipantLimit_OneRosterUpdateThenBeyondTheLimit_Returns400()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", GroupCall(environment, 2));
        var callId = call!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Count == 3, "both targets joined");
        var room = EmulatorLimits.MaxParticipantsPerCall - 2;

        var (invited, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/participants/invite", Invite(room, "guest"));
        await environment.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Count == EmulatorLimits.MaxParticipantsPerCall + 1, "every invitee joined");
        var (refused, error) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/participants/invite", Invite(1, "extra"));
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);
        var rosters = environment.Emulator.Control.GetTimeline(callId)
            .Where(e => e.Kind == TimelineEntryKind.Notification && e.Description!.Contains("/participants", StringComparison.Ordinal))
            .Select(e => RosterParticipants(e).Count)
            .ToList();

        Assert.Equal(200, invited);
        Assert.Equal([3, EmulatorLimits.MaxParticipantsPerCall + 1], rosters);
        Assert.Equal(400, refused);
        Assert.Contains("more than 256 participants", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task JoinParticipant_CallAtTheParticipantLimit_Throws409OverTheControlApi()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", GroupCall(environment, EmulatorLimits.MaxParticipantsPerCall));
        var callId = call!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Count == EmulatorLimits.MaxParticipantsPerCall + 1, "every target joined");

        using var response = await environment.Http.PostAsync($"emulator/calls/{callId}/participants", Json(new JsonObject { ["userId"] = "one-too-many" }));

        Assert.Equal(409, (int)response.StatusCode);
        Assert.Equal(EmulatorLimits.MaxParticipantsPerCall + 1, environment.Emulator.Control.GetCall(callId)!.Participants.Count);
    }

    [Fact]
    public async Task Timeline_MoreEntriesThanItsCap_KeepsTheNewestAndCountsTheDropped()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.MaxTimelineEntriesPerCall = 10);
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        for (var i = 0; i < 20; i++)
        {
            await environment.Emulator.Control.JoinParticipantAsync(callId, $"user-{i}");
        }

        var timeline = environment.Emulator.Control.GetTimeline(callId);
        using var response = await environment.Http.GetAsync($"emulator/calls/{callId}/timeline");
        var overHttp = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsArray();

        // 22 entries were recorded: the placing event, the created notification and 20 joins.
        Assert.Equal(10, timeline.Count);
        Assert.Equal(12, timeline.DroppedEntries);
        Assert.Equal(12, environment.Emulator.Control.GetCall(callId)!.TimelineEntriesDropped);
        Assert.StartsWith("User user-19 joined", timeline[^1].Description, StringComparison.Ordinal);
        Assert.StartsWith("User user-10 joined", timeline[0].Description, StringComparison.Ordinal);
        Assert.Equal("12", response.Headers.GetValues("Emulator-Timeline-Dropped").Single());
        Assert.Equal(10, overHttp.Count);
    }

    [Fact]
    public async Task Timeline_MoreCharactersThanItsCap_StaysWithinIt()
    {
        const int cap = 10_000;
        await using var environment = await TestEnvironment.StartAsync(o => o.MaxTimelineCharsPerCall = cap);
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        var token = await environment.GetTokenAsync();
        for (var i = 0; i < 10; i++)
        {
            var (status, _) = await environment.GraphAsync(HttpMethod.Get, $"v1.0/communications/calls/{callId}", token: token);
            Assert.Equal(200, status);
        }

        var timeline = environment.Emulator.Control.GetTimeline(callId);
        var kept = timeline.Sum(e => 64L + (e.Body?.Length ?? 0) + (e.ResponseBody?.Length ?? 0) + (e.Path?.Length ?? 0) + (e.Description?.Length ?? 0));

        Assert.True(timeline.DroppedEntries > 0, "the timeline should have dropped entries");
        Assert.InRange(kept, 1, cap);
        Assert.Equal(TimelineEntryKind.Request, timeline[^1].Kind);
    }

    [Fact]
    public async Task Timeline_OneEntryLargerThanTheCap_IsKeptAlone()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.MaxTimelineCharsPerCall = 50_000);

        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", GroupCall(environment, EmulatorLimits.MaxTargets));
        var callId = call!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallAsync(callId, c => c.Participants.Count == EmulatorLimits.MaxTargets + 1, "every target joined");
        var timeline = environment.Emulator.Control.GetTimeline(callId);

        var roster = Assert.Single(timeline);
        Assert.Contains("/participants", roster.Description, StringComparison.Ordinal);
        Assert.Equal(3, timeline.DroppedEntries);
    }

    [Fact]
    public async Task EndedCalls_MoreThanMaxEndedCalls_TheOldestAreForgotten()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.MaxEndedCalls = 2);
        var ids = new List<string>();
        for (var i = 0; i < 4; i++)
        {
            var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
            await environment.Emulator.Control.HangUpAsync(callId);
            ids.Add(callId);
        }

        var live = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });

        Assert.Equal([ids[2], ids[3], live], environment.Emulator.Control.ListCalls().Select(c => c.Id));
        Assert.Null(environment.Emulator.Control.GetCall(ids[0]));
        Assert.Throws<KeyNotFoundException>(() => environment.Emulator.Control.GetTimeline(ids[1]));
    }

    [Fact]
    public async Task MediaConfigure_CallTheEmulatorDoesNotHold_Returns404AndKeepsNothing()
    {
        await using var environment = await TestEnvironment.StartAsync();

        using var options = await environment.Http.PutAsync("emulator/calls/no-such-call/media", Json(new JsonObject { ["unmixed"] = true }));
        using var source = await environment.Http.PutAsync("emulator/calls/no-such-call/media/source", Json(new JsonObject { ["kind"] = "tone" }));
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        using var participant = await environment.Http.PutAsync($"emulator/calls/{callId}/media/participants/no-such-participant/source", Json(new JsonObject { ["kind"] = "tone" }));

        Assert.Equal(404, (int)options.StatusCode);
        Assert.Equal(404, (int)source.StatusCode);
        Assert.Equal(404, (int)participant.StatusCode);
    }

    [Theory]
    [InlineData(9, 10_000, 100, "Emulator:MaxTimelineEntriesPerCall")]
    [InlineData(2000, 9_999, 100, "Emulator:MaxTimelineCharsPerCall")]
    [InlineData(2000, 10_000, -1, "Emulator:MaxEndedCalls")]
    public void Validate_LimitOutOfRange_NamesTheSetting(int entries, long chars, int ended, string setting)
    {
        var errors = new EmulatorOptions { MaxTimelineEntriesPerCall = entries, MaxTimelineCharsPerCall = chars, MaxEndedCalls = ended }.Validate();

        Assert.StartsWith(setting + " ", Assert.Single(errors), StringComparison.Ordinal);
    }

    internal static JsonObject GroupCall(TestEnvironment environment, int targets)
    {
        var body = CreateCallApiTests.PeerToPeer(environment, "unused");
        var array = new JsonArray();
        for (var i = 0; i < targets; i++)
        {
            array.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
                ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = $"user-{i:D4}", ["displayName"] = $"User {i}" } },
            });
        }

        body["targets"] = array;
        return body;
    }

    private static JsonObject Invite(int count, string prefix)
    {
        var participants = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            participants.Add(new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
                ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = $"{prefix}-{i:D4}" } },
            });
        }

        return new JsonObject { ["participants"] = participants, ["clientContext"] = "invite" };
    }

    /// <summary>The participants a roster notification lists: the full roster, or the items of a deltaParticipants update.</summary>
    private static JsonArray RosterParticipants(TimelineEntry entry)
    {
        var data = JsonNode.Parse(entry.Body!)!["value"]![0]!["resourceData"]!.AsArray();
        return data is [JsonObject { } first] && first["@odata.type"]?.GetValue<string>() == "#microsoft.graph.deltaParticipants"
            ? first["participants"]!.AsArray()
            : data;
    }

    private static StringContent Json(JsonObject body) => new(body.ToJsonString(), System.Text.Encoding.UTF8, "application/json");
}
