using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Tests.Calls;
using CallingBot.Emulator.Tests.Infrastructure;

namespace CallingBot.Emulator.Tests.Notifications;

public sealed class NotificationShapeTests
{
    [Fact]
    public async Task Roster_DeltaEnabled_SendsDeltaParticipantsWithSequenceNumbers()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await RoutingApiTests.AnswerAsync(environment, deltaRoster: true);

        var participantId = await environment.Emulator.Control.JoinParticipantAsync(callId, "98da8a1a-1b87-452c-a713-65d3f10b5555", "user1");
        await environment.Emulator.Control.LeaveParticipantAsync(callId, participantId);
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        var roster = environment.Receiver.Received.Where(n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal)).ToList();
        Assert.All(roster, n => Assert.Equal("#microsoft.graph.deltaParticipants", n.ODataType));
        var sequences = roster.Select(n => n.ResourceData![0]!["sequenceNumber"]!.GetValue<int>()).ToList();
        Assert.Equal(sequences.Order().ToList(), sequences);
        var removed = roster[^1].ResourceData![0]!["participants"]![0]!;
        Assert.Equal(participantId, removed["id"]!.GetValue<string>());
        Assert.NotNull(removed["removedState"]);
    }

    [Fact]
    public async Task Roster_DeltaDisabled_SendsFullParticipantList()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await RoutingApiTests.AnswerAsync(environment);

        await environment.Emulator.Control.JoinParticipantAsync(callId, "98da8a1a-1b87-452c-a713-65d3f10b5555");
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        var last = environment.Receiver.Received.Last(n => n.ResourceUrl.EndsWith("/participants", StringComparison.Ordinal));
        Assert.Equal("#microsoft.graph.participant", last.ODataType);
        Assert.Equal(3, last.ResourceData!.AsArray().Count);
    }

    [Fact]
    public async Task ScreenSharing_ContentSharingEnabled_SendsCreatedAndDeletedSessions()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var callId = await RoutingApiTests.AnswerAsync(environment, contentSharing: true);
        var caller = environment.Emulator.Control.GetCall(callId)!.Participants.First(p => !p.IsBot).Id;

        var sessionId = await environment.Emulator.Control.StartScreenSharingAsync(callId, caller);
        await environment.Emulator.Control.StopScreenSharingAsync(callId, caller);
        await environment.Emulator.Control.WaitForDeliveriesAsync(callId);

        var sessions = environment.Receiver.Received.Where(n => n.ResourceUrl.EndsWith("/contentsharingsessions", StringComparison.Ordinal)).ToList();
        Assert.Equal(["created", "deleted"], sessions.Select(n => n.ChangeType));
        Assert.All(sessions, n => Assert.Equal("#microsoft.graph.contentSharingSession", n.ODataType));
        Assert.Equal(sessionId, sessions[0].ResourceData![0]!["id"]!.GetValue<string>());
    }

    [Fact]
    public async Task PolicyRecording_Invite_CarriesBotDataAndIncomingContext()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var botData = new JsonObject { ["policyIdentifier"] = "Compliance" };

        await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, PolicyRecording = true, BotData = botData });
        var created = await environment.WaitForNotificationAsync(n => n.ChangeType == "created", "policy recording invitation");

        Assert.Equal("Compliance", created.ResourceData!["applicationMetadata"]!["botData"]!["policyIdentifier"]!.GetValue<string>());
        Assert.Equal("#microsoft.graph.incomingContext", created.ResourceData["incomingContext"]!["@odata.type"]!.GetValue<string>());
        Assert.Equal("#microsoft.graph.tokenMeetingInfo", created.ResourceData["meetingInfo"]!["@odata.type"]!.GetValue<string>());
    }

    [Fact]
    public async Task PolicyRecording_SecondInviteWithinCapacity_SendsParticipantJoiningNotification()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var first = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, PolicyRecording = true, PolicyGroupId = "group-1" });
        var answer = new JsonObject
        {
            ["acceptedModalities"] = new JsonArray("audio"),
            ["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" },
            ["participantCapacity"] = 5,
        };
        await environment.GraphAsync(HttpMethod.Post, $"v1.0/communications/calls/{first}/answer", answer);
        await environment.Emulator.Control.WaitForCallStateAsync(first, "established");

        var second = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, PolicyRecording = true, PolicyGroupId = "group-1", FromUserId = "98da8a1a-1b87-452c-a713-65d3f10b5555" });
        var joining = await environment.WaitForNotificationAsync(n => n.ODataType == "#microsoft.graph.participantJoiningNotification", "participant joining notification");

        Assert.Equal(first, second);
        Assert.Equal($"/communications/calls/{first}", joining.ResourceUrl);
        Assert.Equal("#microsoft.graph.call", joining.ResourceData!["call"]!["@odata.type"]!.GetValue<string>());
    }

    [Fact]
    public async Task IncomingCall_FromPstnToApplicationInstance_UsesPhoneAndInstanceIdentities()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.ApplicationInstances.Add(new EmulatedApplicationInstance { Id = "7629bdce-046c-4903-86b4-a8f718277e1a", DisplayName = "PstnAppInstance", AppId = TestApps.BotAppId, PhoneNumber = "+14255550100" }));

        await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId, FromPhoneNumber = "+12345678901", ToApplicationInstanceId = "7629bdce-046c-4903-86b4-a8f718277e1a" });
        var created = await environment.WaitForNotificationAsync(n => n.ChangeType == "created", "PSTN incoming notification");

        Assert.Equal("+12345678901", created.ResourceData!["source"]!["identity"]!["phone"]!["id"]!.GetValue<string>());
        Assert.Equal("7629bdce-046c-4903-86b4-a8f718277e1a", created.ResourceData["targets"]![0]!["identity"]!["applicationInstance"]!["id"]!.GetValue<string>());
    }
}
