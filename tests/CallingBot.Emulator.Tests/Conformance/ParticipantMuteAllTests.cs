using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Reference page "participant: muteAll" (beta; the page shows the deprecated /app path).</summary>
public sealed class ParticipantMuteAllTests
{
    [Fact]
    public async Task MuteAll_DocumentedRequestOnAppPath_Returns200CompletedAndMutesEveryone()
    {
        await using var call = await ConformanceCall.StartAsync();
        var body = new JsonObject { ["participants"] = new JsonArray(""), ["clientContext"] = "clientContext-value" };

        var (status, operation) = await call.Environment.GraphAsync(HttpMethod.Post, $"beta/app/calls/{call.CallId}/participants/muteAll", body, call.Token);
        var roster = await call.Environment.WaitForNotificationAsync(n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal) && n.ResourceData is JsonArray a && a.Any(p => p!["isMuted"]!.GetValue<bool>()), "the roster with the muted participant");

        Assert.Equal(200, status);
        Assert.Equal("completed", operation!["status"]!.GetValue<string>());
        Assert.Equal("clientContext-value", operation["clientContext"]!.GetValue<string>());
        Assert.NotNull(operation["createdDateTime"]);
        Assert.NotNull(operation["lastActionDateTime"]);
        Assert.All(call.Control.GetCall(call.CallId)!.Participants.Where(p => !p.IsBot), p => Assert.True(p.IsMuted));
        Assert.NotNull(roster);
    }

    [Fact]
    public async Task MuteAll_UnknownParticipant_Returns404AndMutesNobody()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, _) = await call.PostAsync("participants/muteAll", new JsonObject { ["participants"] = new JsonArray(Guid.NewGuid().ToString()) }, "beta");

        Assert.Equal(404, status);
        Assert.All(call.Control.GetCall(call.CallId)!.Participants, p => Assert.False(p.IsMuted));
    }
}
