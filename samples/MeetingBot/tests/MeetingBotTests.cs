using CallingBot.AspNetCore.Testing;
using CallingBot.Core.Calls;
using CallingBot.Core.Meetings;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;

namespace MeetingBot.Tests;

/// <summary>The meeting sample end to end against a meeting in the emulator's directory.</summary>
public sealed class MeetingBotTests
{
    private const string ThreadId = "19:meeting_ZjA2NDFmNzgtNmY4@thread.v2";
    private const string OrganizerId = "1b2c3d4e-5f60-4718-9a0b-1c2d3e4f5a6b";
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string CarolId = "0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70";
    private const string TenantId = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";
    private static readonly MeetingBotOptions Options = new() { Announcement = Prompt.FromUrl("https://media.contoso.example/meeting/note-taker-joined.wav") };

    [Fact]
    public async Task JoinAsync_FromJoinUrl_AnnouncesItselfAndLeavesOnlyWhenTheLastPersonLeaves()
    {
        await using var bot = await CallingBotTestHost.StartAsync();
        AddMeeting(bot);
        var joinUrl = TeamsJoinUrl.Format(new MeetingCoordinates(ThreadId, "0", OrganizerId, TenantId));

        var joined = await MeetingBotLauncher.JoinAsync(bot.Manager, joinUrl, Options);

        var callId = joined.CallId;
        var meeting = await bot.Control.WaitForCallStateAsync(callId, "established");
        Assert.Equal(CallKind.Meeting, meeting.Kind);
        Assert.Equal(ThreadId, meeting.MeetingThreadId);
        await Eventually.UntilAsync(() => bot.Control.PlayedPrompts(callId).Count == 1, "announcement");
        Assert.Equal([Options.Announcement.Uri.AbsoluteUri], bot.Control.PlayedPrompts(callId));
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.Participants.Count == 3, "bot sees organizer, Alice and itself");

        await bot.Control.LeaveParticipantAsync(callId, ParticipantId(bot, callId, AliceId));
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.Participants.Count == 2, "bot sees Alice leave");
        var carolParticipantId = await bot.Control.JoinParticipantAsync(callId, CarolId, "Carol");
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.Participants.Count == 3, "bot, still in the meeting, sees Carol join");
        await bot.Control.LeaveParticipantAsync(callId, ParticipantId(bot, callId, OrganizerId));
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId)?.Participants.Count == 2, "bot sees the organizer leave");
        Assert.Empty(bot.Control.Requests(callId, callId));
        await bot.Control.LeaveParticipantAsync(callId, carolParticipantId);

        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        Assert.Single(bot.Control.Requests(callId, callId), e => e.Method == "DELETE");
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot forgets the meeting call");
    }

    [Theory]
    [InlineData("https://teams.microsoft.com/l/channel/19%3aabc%40thread.tacv2/General", "The join URL has no '/l/meetup-join/' path; copy the link from the meeting invitation.")]
    [InlineData("https://teams.microsoft.com/l/meetup-join/19%3ameeting_x%40thread.v2/0?context=%7B%22Tid%22%3A%22nope%22%7D", "The join URL's context has no valid tenant id (Tid).")]
    public async Task JoinAsync_WithMalformedJoinUrl_ThrowsWithTheReasonAndPlacesNoCall(string joinUrl, string reason)
    {
        await using var bot = await CallingBotTestHost.StartAsync();

        var error = await Assert.ThrowsAsync<FormatException>(() => MeetingBotLauncher.JoinAsync(bot.Manager, joinUrl, Options));

        Assert.Equal(reason, error.Message);
        Assert.Empty(bot.Control.ListCalls());
    }

    [Fact]
    public async Task Router_MeetingInvitation_AnswersAndAnnounces()
    {
        await using var bot = await CallingBotTestHost.StartAsync(MeetingBotLauncher.CreateRouter(Options));
        AddMeeting(bot);

        var callId = await bot.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = OrganizerId, MeetingThreadId = ThreadId });

        await bot.Control.WaitForCallStateAsync(callId, "established");
        await Eventually.UntilAsync(() => bot.Control.PlayedPrompts(callId).Count == 1, "announcement");
        Assert.Single(bot.Control.Requests(callId, "/answer"));
    }

    [Fact]
    public async Task Router_PeerToPeerCall_IsDeclined()
    {
        await using var bot = await CallingBotTestHost.StartAsync(MeetingBotLauncher.CreateRouter(Options));

        var callId = await bot.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });

        await bot.Control.WaitForCallStateAsync(callId, "terminated");
        Assert.Single(bot.Control.Requests(callId, "/reject"));
    }

    private static void AddMeeting(CallingBotTestHost bot) => bot.Control.AddMeeting(new EmulatedMeeting
    {
        ThreadId = ThreadId,
        OrganizerId = OrganizerId,
        OrganizerDisplayName = "Olivia",
        TenantId = TenantId,
        Attendees = [AliceId],
    });

    private static string ParticipantId(CallingBotTestHost bot, string callId, string userId) =>
        bot.Control.GetCall(callId)!.Participants.Single(p => string.Equals(p.IdentityId, userId, StringComparison.OrdinalIgnoreCase)).Id;
}
