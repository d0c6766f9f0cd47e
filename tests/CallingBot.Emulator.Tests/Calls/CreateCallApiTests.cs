using System.Text.Json.Nodes;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Calls;

public sealed class CreateCallApiTests
{
    private const string CalleeId = "112f7296-5fa4-42ca-bae8-6a692b15d4b8";

    [Fact]
    public async Task Create_PeerToPeer_Returns201AndEstablishes()
    {
        await using var environment = await TestEnvironment.StartAsync();

        var (status, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", PeerToPeer(environment, CalleeId));
        var callId = call!["id"]!.GetValue<string>();
        var established = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Established);

        Assert.Equal(201, status);
        Assert.Equal("establishing", call["state"]!.GetValue<string>());
        Assert.Equal("outgoing", call["direction"]!.GetValue<string>());
        Assert.Equal(CallKind.PeerToPeer, established.Kind);
        Assert.Contains(established.Participants, p => p.IdentityId == CalleeId);
    }

    [Theory]
    [InlineData(CalleeResponse.Decline, 603)]
    [InlineData(CalleeResponse.Busy, 486)]
    public async Task Create_CalleeRefuses_EndsWithResultCode(CalleeResponse response, int code)
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, DisplayName = "John", Behavior = new CalleeBehavior { Response = response } }));

        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", PeerToPeer(environment, CalleeId));
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(call!["id"]!.GetValue<string>(), CallStates.Terminated);

        Assert.Equal(code, ended.ResultCode);
    }

    [Fact]
    public async Task Create_CalleeNeverAnswers_EndsAfterRingingTimeout()
    {
        var time = new FakeTimeProvider(TestTime.Start);
        await using var environment = await TestEnvironment.StartAsync(o => o.Users.Add(new EmulatedUser { Id = CalleeId, Behavior = CalleeBehavior.NeverAnswers() }), time);
        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", PeerToPeer(environment, CalleeId));
        var callId = call!["id"]!.GetValue<string>();
        await environment.Emulator.Control.WaitForTimelineEntryAsync(callId, e => e.Description?.Contains("establishing", StringComparison.Ordinal) == true, "establishing notification");

        time.Advance(TimeSpan.FromSeconds(59));
        var ringing = environment.Emulator.Control.GetCall(callId)!;
        time.Advance(TimeSpan.FromSeconds(1));
        var ended = await environment.Emulator.Control.WaitForCallStateAsync(callId, CallStates.Terminated);

        Assert.Equal(CallStates.Establishing, ringing.State);
        Assert.Equal(408, ended.ResultCode);
    }

    [Fact]
    public async Task Create_PstnWithoutApplicationInstance_Returns400()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var body = PeerToPeer(environment, CalleeId);
        body["targets"] = new JsonArray(new JsonObject { ["identity"] = new JsonObject { ["phone"] = new JsonObject { ["id"] = "+12345678901" } } });

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(400, status);
        Assert.Contains("applicationInstance", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_PstnNumberNotE164_Returns400NamingTheField()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var body = PeerToPeer(environment, CalleeId);
        body["source"] = new JsonObject { ["identity"] = new JsonObject { ["applicationInstance"] = new JsonObject { ["id"] = "3d913abb-aec0-4964-8fa6-3c6850c4f278" } } };
        body["targets"] = new JsonArray(new JsonObject { ["identity"] = new JsonObject { ["phone"] = new JsonObject { ["id"] = "12345" } } });

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, "beta/communications/calls", body);

        Assert.Equal(400, status);
        Assert.Contains("targets[0].identity.phone.id", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_GroupCallWithoutGroupPermission_Returns403()
    {
        await using var environment = await TestEnvironment.StartAsync(permissions: [GraphPermissions.CallsInitiateAll]);
        var body = PeerToPeer(environment, CalleeId);
        body["targets"]!.AsArray().Add(new JsonObject { ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = "bf5aae9a-d11d-47a8-93b1-782504c95555" } } });

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(403, status);
        Assert.Contains(GraphPermissions.CallsInitiateGroupCallAll, error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Create_AppHostedWithoutMediaPermission_Returns403()
    {
        await using var environment = await TestEnvironment.StartAsync(permissions: [GraphPermissions.CallsInitiateAll]);
        var body = PeerToPeer(environment, CalleeId);
        body["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.appHostedMediaConfig", ["blob"] = "{}" };

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Create_JoinByMeetingIdWrongPasscode_Returns403()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Meetings.Add(new EmulatedMeeting { ThreadId = "19:meeting_abc@thread.v2", OrganizerId = "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96", JoinMeetingId = "1234567", Passcode = "psw123" }));
        var body = PeerToPeer(environment, CalleeId);
        body.Remove("targets");
        body["meetingInfo"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.joinMeetingIdMeetingInfo", ["joinMeetingId"] = "1234567", ["passcode"] = "nope" };

        var (status, _) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(403, status);
    }

    [Fact]
    public async Task Create_JoinByMeetingId_EstablishesWithAttendees()
    {
        await using var environment = await TestEnvironment.StartAsync(o => o.Meetings.Add(new EmulatedMeeting { ThreadId = "19:meeting_abc@thread.v2", OrganizerId = "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96", JoinMeetingId = "1234567", Passcode = "psw123", Attendees = ["98da8a1a-1b87-452c-a713-65d3f10b5555"] }));
        var body = PeerToPeer(environment, CalleeId);
        body.Remove("targets");
        body["meetingInfo"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.joinMeetingIdMeetingInfo", ["joinMeetingId"] = "1234567", ["passcode"] = "psw123" };

        var (_, call) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);
        var established = await environment.Emulator.Control.WaitForCallStateAsync(call!["id"]!.GetValue<string>(), CallStates.Established);

        Assert.Equal(CallKind.Meeting, established.Kind);
        Assert.Equal("19:meeting_abc@thread.v2", established.MeetingThreadId);
        Assert.Equal(3, established.Participants.Count);
    }

    [Fact]
    public async Task Create_WithoutTargetsOrMeeting_Returns400()
    {
        await using var environment = await TestEnvironment.StartAsync();
        var body = PeerToPeer(environment, CalleeId);
        body.Remove("targets");

        var (status, error) = await environment.GraphAsync(HttpMethod.Post, "v1.0/communications/calls", body);

        Assert.Equal(400, status);
        Assert.Contains("targets", error!["error"]!["message"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    internal static JsonObject PeerToPeer(TestEnvironment environment, string userId) => new()
    {
        ["@odata.type"] = "#microsoft.graph.call",
        ["callbackUri"] = environment.Receiver.CallbackUri.ToString(),
        ["targets"] = new JsonArray(new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.invitationParticipantInfo",
            ["identity"] = new JsonObject { ["user"] = new JsonObject { ["id"] = userId, ["displayName"] = "John" } },
        }),
        ["requestedModalities"] = new JsonArray("Audio"),
        ["mediaConfig"] = new JsonObject { ["@odata.type"] = "#microsoft.graph.serviceHostedMediaConfig" },
    };
}
