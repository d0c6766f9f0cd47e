using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Tests.Calls;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>
/// Graph writes enum members in their declared (camelCase) spelling whatever casing a request used: every response and
/// notification of a call driven with upper- and mixed-case enum values carries only the declared spellings.
/// </summary>
public sealed class EnumCasingTests
{
    /// <summary>Enum members of the calls API (callState, operationStatus, modality, mediaDirection, tone, …), as declared.</summary>
    private static readonly string[] Declared =
    [
        .. GraphEnums.Modalities, .. GraphEnums.RejectReasons, .. GraphEnums.RoutingPolicies, .. GraphEnums.ScreenSharingRoles,
        .. GraphEnums.RecordingStatuses, .. GraphEnums.EndpointTypes, .. GraphEnums.Tones,
        "incoming", "establishing", "established", "hold", "transferring", "transferAccepted", "redirecting", "terminating", "terminated",
        "notStarted", "running", "completed", "outgoing", "sendOnly", "receiveOnly", "sendReceive", "inactive", "active",
        "created", "updated", "deleted", "completedSuccessfully", "maxSilenceTimeout", "stopToneDetected", "maxRecordDurationReached",
        "operationCanceled", "remoteHangUp", "oneToOne", "multicast", "forwarded", "lookup", "selfFork", "attendee", "presenter", "producer",
    ];

    [Fact]
    public async Task MixedCaseRequests_ResponsesAndNotificationsUseTheDeclaredSpellings()
    {
        await using var call = await ConformanceCall.StartAsync();
        var bodies = new List<(string Where, JsonNode? Body)>();
        var participant = call.Control.GetCall(call.CallId)!.Participants.First(p => !p.IsBot).Id;

        bodies.Add(("updateRecordingStatus", (await call.PostAsync("updateRecordingStatus", new JsonObject { ["status"] = "RECORDING", ["clientContext"] = "r" })).Body));
        bodies.Add(("changeScreenSharingRole", (await call.PostAsync("changeScreenSharingRole", new JsonObject { ["role"] = "SHARER" })).Body));
        var (_, dtmf) = await call.PostAsync("sendDtmfTones", new JsonObject { ["tones"] = new JsonArray("TONE1", "Pound", "STAR"), ["clientContext"] = "d" });
        bodies.Add(("sendDtmfTones", dtmf));
        var (_, record) = await call.PostAsync("recordResponse", new JsonObject { ["stopTones"] = new JsonArray("POUND"), ["clientContext"] = "rec" });
        bodies.Add(("recordResponse", record));
        var invitee = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
            ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "278405a3-f568-4b3e-b684-009193463064", ["displayName"] = "Ann" } },
        };
        var (_, invite) = await call.PostAsync("participants/invite", new JsonObject { ["participants"] = new JsonArray(invitee), ["clientContext"] = "i" });
        bodies.Add(("invite", invite));
        await call.OperationNotificationAsync(invite!["id"]!.GetValue<string>());
        await call.OperationNotificationAsync(record!["id"]!.GetValue<string>());
        bodies.Add(("mute participant", (await call.PostAsync($"participants/{participant}/mute", new JsonObject())).Body));
        bodies.Add(("GET call", (await call.SendAsync(HttpMethod.Get, string.Empty)).Body));
        bodies.Add(("GET participants", (await call.SendAsync(HttpMethod.Get, "participants")).Body));
        bodies.AddRange((await call.NotificationsAsync()).Select(n => ($"notification {n.ChangeType} {n.ResourceUrl}", (JsonNode?)n.ResourceData)));

        var wrong = bodies.SelectMany(b => Strings(b.Body).Where(Miscased).Select(s => $"{b.Where}: '{s}'")).ToList();
        Assert.True(wrong.Count == 0, "Enum values not in Graph's spelling:\n" + string.Join("\n", wrong));
    }

    [Fact]
    public async Task CreateCall_MixedCaseModalities_EchoedInTheDeclaredSpelling()
    {
        await using var environment = await Infrastructure.TestEnvironment.StartAsync();
        var body = CreateCallApiTests.PeerToPeer(environment, "112f7296-5fa4-42ca-bae8-6a692b15d4b8");
        body["requestedModalities"] = new JsonArray("AUDIO", "Video");

        var (status, created) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);
        var callId = created!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);
        var (_, read) = await environment.GraphAsync(HttpMethod.Get, $"v1.0/communications/calls/{callId}");
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);
        var notified = environment.Receiver.Received.Where(n => n.ResourceUrl.Contains(callId, StringComparison.Ordinal)).Select(n => n.ResourceData);

        Assert.Equal(201, status);
        var wrong = new[] { created, read }.Concat(notified).SelectMany(Strings).Where(Miscased).ToList();
        Assert.True(wrong.Count == 0, "Enum values not in Graph's spelling: " + string.Join(", ", wrong));
        Assert.Equal(["audio", "video"], read!["requestedModalities"]!.AsArray().Select(m => m!.GetValue<string>()));
    }

    private static bool Miscased(string value) =>
        Declared.Any(d => string.Equals(d, value, StringComparison.OrdinalIgnoreCase)) && !Declared.Contains(value, StringComparer.Ordinal);

    private static IEnumerable<string> Strings(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => Strings(p.Value)),
        JsonArray a => a.SelectMany(Strings),
        JsonValue v when v.TryGetValue<string>(out var s) => [s],
        _ => [],
    };
}
