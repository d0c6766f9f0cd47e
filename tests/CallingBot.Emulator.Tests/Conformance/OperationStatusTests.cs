using System.Text.Json.Nodes;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>
/// The status each operation's reference page shows in its response: subscribeToTone, mute, unmute,
/// updateRecordingStatus and participant mute answer <c>completed</c> (no operation notification follows); playPrompt,
/// sendDtmfTones and invite answer <c>running</c> and notify the completion.
/// </summary>
public sealed class OperationStatusTests
{
    public static TheoryData<string, string, string> CompletedAtOnce => new()
    {
        { "subscribeToTone", "{}", "#microsoft.graph.subscribeToToneOperation" },
        { "mute", "{}", "#microsoft.graph.muteParticipantOperation" },
        { "unmute", "{}", "#microsoft.graph.unmuteParticipantOperation" },
        { "updateRecordingStatus", """{"status":"recording"}""", "#microsoft.graph.updateRecordingStatusOperation" },
    };

    [Theory]
    [MemberData(nameof(CompletedAtOnce))]
    public async Task Operation_DocumentedCompleted_Returns200CompletedWithoutOperationNotification(string action, string body, string odataType)
    {
        await using var call = await ConformanceCall.StartAsync();
        var request = JsonNode.Parse(body)!.AsObject();
        request["clientContext"] = "ctx-" + action;

        var (status, operation, location) = await call.PostWithLocationAsync(action, request);
        var notifications = await call.NotificationsAsync();

        Assert.Equal(200, status);
        Assert.Equal(odataType, operation!["@odata.type"]!.GetValue<string>());
        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        Assert.Equal("ctx-" + action, operation["clientContext"]!.GetValue<string>());
        Assert.NotNull(location);
        Assert.DoesNotContain(notifications, n => n.ResourceUrl.Contains("/operations/", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ParticipantMute_Returns200CompletedThenRoster()
    {
        await using var call = await ConformanceCall.StartAsync();
        var participant = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;

        var (status, operation) = await call.PostAsync($"participants/{participant}/mute", new JsonObject { ["clientContext"] = "d45324c1-fcb5-430a-902c-f20af696537c" });
        var roster = await call.Environment.WaitForNotificationAsync(n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal) && n.ResourceData is JsonArray a && a.Any(p => p!["id"]!.GetValue<string>() == participant && p["isMuted"]!.GetValue<bool>()), "the roster with the participant muted");

        Assert.Equal(200, status);
        Assert.Equal("#microsoft.graph.muteParticipantOperation", operation!["@odata.type"]!.GetValue<string>());
        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        Assert.NotNull(roster);
    }

    [Fact]
    public async Task SendDtmfTones_Returns200RunningThenCompletedSuccessfully()
    {
        await using var call = await ConformanceCall.StartAsync();

        var (status, operation) = await call.PostAsync("sendDtmfTones", new JsonObject { ["tones"] = new JsonArray("tone1", "pound"), ["delayBetweenTonesMs"] = 1000, ["clientContext"] = "e0be71f1" });
        var completed = await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());

        Assert.Equal(200, status);
        Assert.Equal("running", operation["status"]!.GetValue<string>());
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
        Assert.Equal("completedSuccessfully", completed["completionReason"]!.GetValue<string>());
    }

    [Fact]
    public async Task PlayPrompt_Returns200RunningThenCompleted()
    {
        await using var call = await ConformanceCall.StartAsync();
        var prompt = new JsonObject { ["@odata.type"] = "#microsoft.graph.mediaPrompt", ["mediaInfo"] = new JsonObject { ["uri"] = "https://cdn.contoso.com/beep.wav" } };

        var (status, operation) = await call.PostAsync("playPrompt", new JsonObject { ["prompts"] = new JsonArray(prompt), ["clientContext"] = "p" });
        var completed = await call.OperationNotificationAsync(operation!["id"]!.GetValue<string>());

        Assert.Equal(200, status);
        Assert.Equal("running", operation["status"]!.GetValue<string>());
        Assert.Equal("#microsoft.graph.playPromptOperation", completed["@odata.type"]!.GetValue<string>());
        Assert.Equal("completed", completed["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task Mute_BeforeEstablished_Returns409()
    {
        await using var environment = await Infrastructure.TestEnvironment.StartAsync();
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new CallingBot.Emulator.Control.IncomingCallRequest { AppId = Infrastructure.TestApps.BotAppId });

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/mute", new JsonObject());

        Assert.Equal(409, status);
    }
}
