using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Tests.Calls;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Emulator.Tests.Conformance;

/// <summary>Every request example of the seed documents is accepted; every response and notification example matches the emulator's shape.</summary>
public sealed class SeedConformanceTests
{
    private const string AppInstanceId = "7629bdce-046c-4903-86b4-a8f718277e1a";

    public static TheoryData<string> Requests => [.. SeedExample.All.Where(e => e.Kind == "request").Select(e => e.Name)];

    public static TheoryData<string> Responses => [.. SeedExample.All.Where(e => e.Kind == "response").Select(e => e.Name)];

    public static TheoryData<string> Notifications => [.. SeedExample.All.Where(e => e.Kind == "notification").Select(e => e.Name)];

    [Fact]
    public void SeedExamples_AreLoaded_WithEveryKind()
    {
        Assert.Equal(18, SeedExample.All.Count(e => e.Kind == "request"));
        Assert.Equal(12, SeedExample.All.Count(e => e.Kind == "response"));
        Assert.Equal(26, SeedExample.All.Count(e => e.Kind == "notification"));
    }

    [Theory]
    [MemberData(nameof(Requests))]
    public async Task RequestExample_SentToEmulator_IsAccepted(string name)
    {
        var example = SeedExample.All.Single(e => e.Name == name);
        await using var environment = await TestEnvironment.StartAsync();

        var (status, body) = await SendAsync(environment, example);

        Assert.True(status is 201 or 202, $"{name} was refused with {status}: {body?.ToJsonString()}");
    }

    [Theory]
    [MemberData(nameof(Responses))]
    public async Task ResponseExample_MatchesCreateCallResponse(string name)
    {
        var example = SeedExample.All.Single(e => e.Name == name);
        var request = SeedExample.All.Single(e => e.Name == example.Request);
        await using var environment = await TestEnvironment.StartAsync();

        var (status, body) = await SendAsync(environment, request);

        Assert.Equal(201, status);
        var differences = ShapeComparer.Differences(example.Json, body);
        Assert.True(differences.Count == 0, string.Join(Environment.NewLine, differences));
    }

    [Theory]
    [MemberData(nameof(Notifications))]
    public async Task NotificationExample_MatchesAnEmulatorNotificationOfItsKind(string name)
    {
        var example = SeedExample.All.Single(e => e.Name == name);
        await using var environment = await TestEnvironment.StartAsync();
        var produced = await ProduceAsync(environment, example.Category!);

        var documented = WithoutLegacyEnvelope(example.Json);
        var results = produced.Select(n => ShapeComparer.Differences(documented, n)).OrderBy(d => d.Count).ToList();

        Assert.NotEmpty(results);
        Assert.True(results[0].Count == 0, string.Join(Environment.NewLine, results[0]));
    }

    /// <summary>
    /// The example without the envelope properties some older examples carry but the commsNotification resource page
    /// does not list (<c>resource</c>, the deprecated /app path, and <c>callbackUri</c>): the emulator sends neither.
    /// </summary>
    private static JsonNode WithoutLegacyEnvelope(JsonNode example)
    {
        var copy = example.DeepClone();
        foreach (var notification in copy["value"]?.AsArray() ?? [])
        {
            notification?.AsObject().Remove("resource");
            notification?.AsObject().Remove("callbackUri");
        }

        return copy;
    }

    private static bool Matches(ReceivedNotification notification, string category) => category switch
    {
        "rosterFull" or "rosterDelta" => notification.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal),
        "contentSharing" => notification.ResourceUrl.Contains("/contentsharingsessions", StringComparison.Ordinal),
        "incoming" or "policyRecordingIncoming" => notification.ChangeType == "created" && notification.ODataType == "#microsoft.graph.call",
        "deleted" => notification.ChangeType == "deleted" && notification.ODataType == "#microsoft.graph.call",
        _ => category == "state:" + notification.State,
    };

    private static async Task<(int Status, JsonNode? Body)> SendAsync(TestEnvironment environment, SeedExample example)
    {
        var body = example.WithCallback(environment.Receiver.CallbackUri);
        if (example.Operation == "createCall")
        {
            return await environment.GraphAsync(HttpMethod.Post, "beta/communications/calls", body);
        }

        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        return await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/{example.Operation}", body);
    }

    /// <summary>Runs the scenario that makes the emulator send notifications of <paramref name="category"/> and returns them.</summary>
    private static async Task<List<JsonObject>> ProduceAsync(TestEnvironment environment, string category)
    {
        var control = environment.Emulator.Control;
        control.AddApplicationInstance(new EmulatedApplicationInstance { Id = AppInstanceId, DisplayName = "PstnAppInstance", AppId = TestApps.BotAppId });
        var callIds = new List<string>();
        switch (category)
        {
            case "incoming":
                callIds.Add(await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId }));
                callIds.Add(await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, ToApplicationInstanceId = AppInstanceId }));
                break;
            case "policyRecordingIncoming":
                callIds.Add(await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, PolicyRecording = true, ToApplicationInstanceId = AppInstanceId }));
                break;
            case "deleted":
                var redirect = SeedExample.All.First(e => e.Operation == "redirect");
                foreach (var instance in new[] { null, AppInstanceId })
                {
                    var redirected = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, ToApplicationInstanceId = instance });
                    await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{redirected}/redirect", redirect.WithCallback(environment.Receiver.CallbackUri));
                    callIds.Add(redirected);
                }

                // The deletion follows the redirect's response: wait for each call's, not only for deliveries queued so far.
                foreach (var id in callIds)
                {
                    await Eventually.UntilAsync(
                        () => environment.Receiver.Received.Any(n => Matches(n, category) && n.ResourceUrl.Contains(id, StringComparison.OrdinalIgnoreCase)),
                        $"the deleted notification of redirected call {id}");
                }

                break;
            case "rosterFull":
            case "rosterDelta":
            case "contentSharing":
                // On an answered incoming call and on a call the bot placed (whose notifications carry callbackUri).
                var answered = await RoutingApiTests.AnswerAsync(environment, deltaRoster: category == "rosterDelta", contentSharing: true);
                var placement = CreateCallApiTests.PeerToPeer(environment, "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96");
                placement["callOptions"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.outgoingCallOptions", ["isDeltaRosterEnabled"] = category == "rosterDelta", ["isContentSharingNotificationEnabled"] = true };
                var (_, placed) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", placement);
                var placedId = placed!["id"]!.GetValue<string>();
                await control.WaitForCallStateAsync(placedId, CallStates.Established);
                foreach (var rosterCall in new[] { answered, placedId })
                {
                    await RunRosterScenarioAsync(environment, rosterCall);
                    callIds.Add(rosterCall);
                }

                var guestJoin = SeedExample.All.Single(e => e.Name == "create-call-28").WithCallback(environment.Receiver.CallbackUri);
                guestJoin["callOptions"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.outgoingCallOptions", ["isDeltaRosterEnabled"] = category == "rosterDelta" };
                var (_, guestCall) = await environment.GraphAsync(HttpMethod.Post, "beta/communications/calls", guestJoin);
                callIds.Add(guestCall!["id"]!.GetValue<string>());
                await control.WaitForCallStateAsync(callIds[^1], CallStates.Established);
                break;
            default:
                // Call state notifications: an answered incoming call, an outgoing call and a meeting join.
                callIds.Add(await RoutingApiTests.AnswerAsync(environment));
                foreach (var request in SeedExample.All.Where(e => e.Operation == "createCall").Take(5))
                {
                    var (_, body) = await environment.GraphAsync(HttpMethod.Post, "beta/communications/calls", request.WithCallback(environment.Receiver.CallbackUri));
                    var id = body!["id"]!.GetValue<string>();
                    await control.WaitForCallStateAsync(id, CallStates.Established);
                    callIds.Add(id);
                }

                break;
        }

        foreach (var id in callIds)
        {
            await control.WaitForDeliveriesAsync(id);
        }

        var produced = environment.Receiver.Received.Where(n => Matches(n, category)).Select(n => n.Json).ToList();
        if (category == "rosterDelta" && produced.Count > 0)
        {
            // Each documented delta item must match an item of some delta notification: merge them into one candidate.
            var merged = produced[0].DeepClone().AsObject();
            var items = merged["value"]![0]!["resourceData"]![0]!["participants"]!.AsArray();
            foreach (var other in produced.Skip(1))
            {
                foreach (var item in other["value"]![0]!["resourceData"]![0]!["participants"]!.AsArray())
                {
                    items.Add(item!.DeepClone());
                }
            }

            produced.Add(merged);
        }

        return produced;
    }

    /// <summary>Two users join, one leaves, an application is invited and removed, a participant shares and stops: every roster and content sharing notification.</summary>
    private static async Task RunRosterScenarioAsync(TestEnvironment environment, string callId)
    {
        var control = environment.Emulator.Control;
        var joined = await control.JoinParticipantAsync(callId, "112f7296-5fa4-42ca-bae8-6a692b15d4b8", "John");
        await control.JoinParticipantAsync(callId, "98da8a1a-1b87-452c-a713-65d3f10b5555", "user1");
        await control.LeaveParticipantAsync(callId, joined);
        var invite = new JsonObject
        {
            ["participants"] = new JsonArray(new JsonObject { ["identity"] = new JsonObject { ["application"] = new JsonObject { ["id"] = "2891555a-92ff-42e6-80fa-6e1300c6b5c6", ["displayName"] = "Calling Bot" } } }),
            ["clientContext"] = "invite-app",
        };
        await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{callId}/participants/invite", invite);
        var invited = await control.WaitForCallAsync(callId, c => c.Participants.Any(p => p.IdentityKind == "application" && !p.IsBot), "the invited application in the roster");
        var appParticipant = invited.Participants.First(p => p.IdentityKind == "application" && !p.IsBot).Id;
        await environment.GraphAsync(HttpMethod.Delete, $"v1.0/communications/calls/{callId}/participants/{appParticipant}");
        var sharer = control.GetCall(callId)!.Participants.First(p => !p.IsBot).Id;
        await control.StartScreenSharingAsync(callId, sharer);
        await control.StopScreenSharingAsync(callId, sharer);
    }
}
