using System.Net;
using System.Net.Http.Json;
using CallingBot.Core.Meetings;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Timeline;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Testing;

namespace CallingBot.Host.Tests.Api;

/// <summary>POST /api/v1/meetings/join with each way of naming a meeting.</summary>
public sealed class JoinMeetingApiTests
{
    private const string ThreadId = "19:meeting_NjQ4ZDI3MDAtYTc2OC00@thread.v2";
    private const string OrganizerId = "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b";
    private const string TenantId = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

    [Fact]
    public async Task JoinMeeting_FromJoinUrl_Returns201AndJoinsThatMeeting()
    {
        await using var bot = await ApiTestHost.StartAsync();
        AddMeeting(bot);
        using var client = bot.CreateApiClient();
        var joinUrl = TeamsJoinUrl.Format(new MeetingCoordinates(ThreadId, "0", OrganizerId, TenantId));

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { joinUrl });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var callId = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        Assert.Equal($"/api/v1/calls/{callId}", response.Headers.Location!.AbsolutePath);
        var emulated = await bot.Emulator.Control.WaitForCallStateAsync(callId, "established");
        Assert.Equal(CallKind.Meeting, emulated.Kind);
        Assert.Equal(ThreadId, emulated.MeetingThreadId);
        var create = Assert.Single(bot.Emulator.Control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/communications/calls", StringComparison.Ordinal));
        Assert.Contains("organizerMeetingInfo", create.Body!, StringComparison.Ordinal);
        Assert.Contains(OrganizerId, create.Body!, StringComparison.Ordinal);
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)!.Participants.Any(p => p.Identity.Id == OrganizerId), "bot sees the organizer");
    }

    [Fact]
    public async Task JoinMeeting_ByIdAndPasscodeAsGuest_JoinsAsAGuest()
    {
        await using var bot = await ApiTestHost.StartAsync();
        AddMeeting(bot);
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { joinMeetingId = "1234567890", passcode = "s3cret", guestDisplayName = "Note taker" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var callId = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        var emulated = await bot.Emulator.Control.WaitForCallStateAsync(callId, "established");
        Assert.Equal(ThreadId, emulated.MeetingThreadId);
        var me = Assert.Single(emulated.Participants, p => p.IsBot);
        Assert.Equal("guest", me.IdentityKind);
        Assert.Equal("Note taker", me.DisplayName);
    }

    [Fact]
    public async Task JoinMeeting_FromRawCoordinates_Returns201()
    {
        await using var bot = await ApiTestHost.StartAsync();
        AddMeeting(bot);
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { coordinates = new { threadId = ThreadId, organizerId = OrganizerId, tenantId = TenantId } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var callId = (await response.ReadJsonAsync()).GetProperty("id").GetString()!;
        Assert.Equal(ThreadId, (await bot.Emulator.Control.WaitForCallStateAsync(callId, "established")).MeetingThreadId);
    }

    [Fact]
    public async Task JoinMeeting_WithWrongPasscode_Returns502WithTheServiceReason()
    {
        await using var bot = await ApiTestHost.StartAsync();
        AddMeeting(bot);
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { joinMeetingId = "1234567890", passcode = "guess" });

        Assert.Equal(HttpStatusCode.BadGateway, response.StatusCode);
        var problem = await response.ReadJsonAsync();
        Assert.Equal("The calling service refused the request", problem.GetProperty("title").GetString());
        Assert.Contains("passcode", problem.GetProperty("detail").GetString()!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(0, bot.Manager.ActiveCallCount);
    }

    [Theory]
    [InlineData("https://teams.microsoft.com/l/chat/19:abc@thread.v2/0", "The join URL has no '/l/meetup-join/' path; copy the link from the meeting invitation.")]
    [InlineData("http://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0", "The join URL is not an absolute https URL.")]
    [InlineData("https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0", "The join URL has no 'context' parameter with the tenant and organizer.")]
    public async Task JoinMeeting_WithMalformedJoinUrl_Returns400NamingJoinUrlWithTheReason(string joinUrl, string expected)
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { joinUrl });

        Assert.Equal([expected], (await response.ReadValidationErrorsAsync())["joinUrl"]);
        Assert.Empty(bot.Emulator.Control.ListCalls());
    }

    [Fact]
    public async Task JoinMeeting_WithNothingToJoin_Returns400NamingJoinUrl()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { passcode = "1" });

        Assert.Equal(["Give the meeting's 'joinUrl', its 'joinMeetingId' (with 'passcode'), or its 'coordinates'."], (await response.ReadValidationErrorsAsync())["joinUrl"]);
    }

    [Fact]
    public async Task JoinMeeting_WithTwoWaysToJoin_Returns400NamingJoinUrl()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { joinMeetingId = "123", coordinates = new { threadId = ThreadId } });

        Assert.Equal(["Give only one of 'joinUrl', 'joinMeetingId' and 'coordinates'."], (await response.ReadValidationErrorsAsync())["joinUrl"]);
    }

    [Fact]
    public async Task JoinMeeting_WithBadCoordinates_Returns400NamingEachField()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { coordinates = new { threadId = "meeting", organizerId = "bob", tenantId = TenantId } });

        var errors = await response.ReadValidationErrorsAsync();
        Assert.Equal(["coordinates.organizerId", "coordinates.threadId"], errors.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["'coordinates.threadId' must be a Teams chat thread id (19:…@thread…)."], errors["coordinates.threadId"]);
        Assert.Equal(["'coordinates.organizerId' must be the organizer's user id (a GUID)."], errors["coordinates.organizerId"]);
    }

    [Fact]
    public async Task JoinMeeting_WithNonNumericMeetingId_Returns400NamingJoinMeetingId()
    {
        await using var bot = await ApiTestHost.StartAsync();
        using var client = bot.CreateApiClient();

        using var response = await client.PostAsJsonAsync("/api/v1/meetings/join", new { joinMeetingId = "12-34" });

        Assert.Equal(["'joinMeetingId' is made of digits only (at most 32)."], (await response.ReadValidationErrorsAsync())["joinMeetingId"]);
    }

    private static void AddMeeting(BotHost bot) => bot.Emulator.Control.AddMeeting(new EmulatedMeeting
    {
        ThreadId = ThreadId,
        OrganizerId = OrganizerId,
        OrganizerDisplayName = "Olivia",
        TenantId = TenantId,
        JoinMeetingId = "1234567890",
        Passcode = "s3cret",
    });
}
