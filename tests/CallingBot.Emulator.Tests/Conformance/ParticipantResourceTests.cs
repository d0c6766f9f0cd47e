using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Resource page "participant" and "Get participant": the properties of participants in responses and roster notifications.</summary>
public sealed class ParticipantResourceTests
{
    [Fact]
    public async Task GetParticipant_HasTheDocumentedProperties()
    {
        await using var call = await ConformanceCall.StartAsync();
        var id = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;

        var (status, participant) = await call.SendAsync(HttpMethod.Get, $"participants/{id}");

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.participant", participant!["@odata.type"]!.GetValue<string>());
        Assert.Equal(id, participant["id"]!.GetValue<string>());
        Assert.Equal(id, participant["info"]!["id"]!.GetValue<string>());
        Assert.NotNull(participant["info"]!["identity"]);
        Assert.Equal("attendee", participant["meetingRole"]!.GetValue<string>());
        Assert.True(participant.AsObject().ContainsKey("metadata"));
        var audio = Assert.Single(participant["mediaStreams"]!.AsArray())!;
        Assert.Equal("main-audio", audio["label"]!.GetValue<string>());
        Assert.Equal("sendReceive", audio["direction"]!.GetValue<string>());
        Assert.EndsWith($"$metadata#communications/calls('{call.CallId}')/participants/$entity", participant["@odata.context"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Sharer_ScreenStreamIsSendOnly_OthersReceiveOnly()
    {
        await using var call = await ConformanceCall.StartAsync();
        var snapshot = call.Control.GetCall(call.CallId)!;
        var sharer = snapshot.Participants.First(p => !p.IsBot).Id;

        await call.Control.StartScreenSharingAsync(call.CallId, sharer);
        var (_, sharing) = await call.SendAsync(HttpMethod.Get, $"participants/{sharer}");

        var screen = sharing!["mediaStreams"]!.AsArray().Single(s => s!["mediaType"]!.GetValue<string>() == "videoBasedScreenSharing")!;
        Assert.Equal("sendOnly", screen["direction"]!.GetValue<string>());
        Assert.Equal("applicationsharing-video", screen["label"]!.GetValue<string>());
    }

    [Fact]
    public async Task DeltaRoster_SendsOnlyTheChangedParticipants()
    {
        await using var call = await ConformanceCall.StartAsync(deltaRoster: true);
        var before = (await call.NotificationsAsync()).Count;

        var joined = await call.Control.JoinParticipantAsync(call.CallId, "98da8a1a-1b87-452c-a713-65d3f10b5555", "user1");
        var rosters = (await call.NotificationsAsync()).Skip(before).Where(n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal)).ToList();

        var delta = Assert.Single(rosters).ResourceData!.AsArray()[0]!;
        Assert.Equal("#microsoft.graph.deltaParticipants", delta["@odata.type"]!.GetValue<string>());
        var item = Assert.Single(delta["participants"]!.AsArray())!;
        Assert.Equal(joined, item["id"]!.GetValue<string>());
        Assert.Equal(delta["sequenceNumber"]!.GetValue<int>(), item["rosterSequenceNumber"]!.GetValue<int>());
    }

    [Fact]
    public async Task FullRoster_SendsEveryone()
    {
        await using var call = await ConformanceCall.StartAsync();
        var before = (await call.NotificationsAsync()).Count;

        await call.Control.JoinParticipantAsync(call.CallId, "98da8a1a-1b87-452c-a713-65d3f10b5555", "user1");
        var roster = (await call.NotificationsAsync()).Skip(before).Single(n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal));

        Assert.Equal(3, roster.ResourceData!.AsArray().Count);
        Assert.All(roster.ResourceData!.AsArray(), p => Assert.Equal("#microsoft.graph.participant", p!["@odata.type"]!.GetValue<string>()));
    }
}
