using System.Collections.Concurrent;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Tests.Infrastructure;
using CallingBot.Testing;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Common;
using Microsoft.Graph.Models;

namespace CallingBot.Emulator.Tests.Sdk;

public sealed class SdkOperationTests
{
    [Fact]
    public async Task MediaOperations_EstablishedCall_AllCompleteThroughTheSdk()
    {
        // The SDK's RecordResponseAsync waits under a client context it never sends: only a completed response ends it.
        await using var environment = await TestEnvironment.StartAsync(o => o.CompleteRecordResponseInResponse = true);
        using var bot = SdkBot.Create(environment);
        var (callId, call) = await AnswerIncomingAsync(environment, bot);
        var control = environment.Emulator.Control;

        await Eventually.WithinAsync(call.SubscribeToToneAsync(), "subscribeToTone");
        var played = await Eventually.WithinAsync(call.PlayPromptAsync([new MediaPrompt { MediaInfo = new MediaInfo { Uri = "https://cdn.contoso.com/beep.wav", ResourceId = "beep" } }]), "playPrompt");
        var recorded = await Eventually.WithinAsync(call.RecordResponseAsync(maxRecordDurationInSeconds: 10, stopTones: ["#"]), "recordResponse");
        await Eventually.WithinAsync(call.MuteAsync(), "mute");
        var mutedSnapshot = control.GetCall(callId)!;
        await Eventually.WithinAsync(call.UnmuteAsync(), "unmute");
        await Eventually.WithinAsync(call.SendDtmfTonesAsync([Tone.Tone1, Tone.Pound]), "sendDtmfTones");
        await Eventually.WithinAsync(call.UpdateRecordingStatusAsync(RecordingStatus.Recording), "updateRecordingStatus");
        await Eventually.WithinAsync(call.CancelMediaProcessingAsync(), "cancelMediaProcessing");
        await Eventually.WithinAsync(call.KeepAliveAsync(), "keepAlive");

        Assert.Equal(200, played.ResultInfo.Code);
        Assert.Equal(200, recorded.ResultInfo.Code);
        Assert.False(string.IsNullOrEmpty(recorded.RecordingAccessToken));
        Assert.False(string.IsNullOrEmpty(recorded.RecordingLocation));
        Assert.True(mutedSnapshot.IsMuted);
        var snapshot = control.GetCall(callId)!;
        Assert.False(snapshot.IsMuted);
        Assert.True(snapshot.IsToneSubscribed);
        Assert.Equal("recording", snapshot.RecordingStatus);
    }

    [Fact]
    public async Task PressKeys_SubscribedCall_SdkSeesEachTone()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var bot = SdkBot.Create(environment);
        var (callId, call) = await AnswerIncomingAsync(environment, bot);
        var tones = new ConcurrentQueue<Tone>();
        call.OnUpdated += (_, args) =>
        {
            if (args.NewResource.ToneInfo?.Tone is { } tone)
            {
                tones.Enqueue(tone);
            }
        };
        await Eventually.WithinAsync(call.SubscribeToToneAsync(), "subscribeToTone");

        await environment.Emulator.Control.PressKeysAsync(callId, "12#");

        await Eventually.UntilAsync(() => tones.Count == 3, "three tone notifications reach the SDK");
        Assert.Equal([Tone.Tone1, Tone.Tone2, Tone.Pound], tones.ToArray());
    }

    [Fact]
    public async Task InviteAsync_UserTarget_CompletesAndAddsParticipant()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var bot = SdkBot.Create(environment);
        var (callId, call) = await AnswerIncomingAsync(environment, bot);

        var operation = await Eventually.WithinAsync(
            call.Participants.InviteAsync([new InvitationParticipantInfo { Identity = new IdentitySet { User = new Microsoft.Graph.Models.Identity { Id = "bf5aae9a-d11d-47a8-93b1-782504c95555", DisplayName = "user2" } } }]),
            "participants invite");

        Assert.Equal(OperationStatus.Completed, operation.Status);
        await Eventually.UntilAsync(() => call.Participants.Count == 3, "SDK roster holds the invited user");
        Assert.Contains(environment.Emulator.Control.GetCall(callId)!.Participants, p => p.IdentityId == "bf5aae9a-d11d-47a8-93b1-782504c95555");
    }

    [Fact]
    public async Task AddAsync_PeerToPeerCall_IsEstablishedWithCallee()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var bot = SdkBot.Create(environment);
        var request = new Call
        {
            Targets = [new InvitationParticipantInfo { Identity = new IdentitySet { User = new Microsoft.Graph.Models.Identity { Id = "112f7296-5fa4-42ca-bae8-6a692b15d4b8", DisplayName = "John" } } }],
            RequestedModalities = [Modality.Audio],
            MediaConfig = new ServiceHostedMediaConfig(),
            TenantId = TestApps.TenantId,
        };

        var call = await Eventually.WithinAsync(bot.Calls.AddAsync(request), "AddAsync");
        await Eventually.UntilAsync(() => call.Resource.State == CallState.Established, "SDK sees the outgoing call established");
        await Eventually.WithinAsync(call.DeleteAsync(), "DeleteAsync");
        await Eventually.UntilAsync(() => bot.Calls.Count == 0, "SDK removes the call it hung up");

        var snapshot = environment.Emulator.Control.GetCall(call.Id)!;
        Assert.Equal(CallKind.PeerToPeer, snapshot.Kind);
        Assert.Equal("outgoing", snapshot.Direction);
        Assert.Equal(CallStates.Terminated, snapshot.State);
    }

    [Fact]
    public async Task AddAsync_JoinMeeting_IsEstablishedInMeeting()
    {
        await using var environment = await TestEnvironment.StartAsync();
        using var bot = SdkBot.Create(environment);
        var chatInfo = new ChatInfo { ThreadId = "19:meeting_Win6Ydo4wsMijFjZS00ZGVjLTk5MGUtOTRjNWY2NmNkYTFm@thread.v2", MessageId = "0" };
        var meetingInfo = new OrganizerMeetingInfo { Organizer = new IdentitySet { User = new Microsoft.Graph.Models.Identity { Id = "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96", DisplayName = "Bob" } } };
        var parameters = new JoinMeetingParameters(chatInfo, meetingInfo, [Modality.Audio]) { TenantId = TestApps.TenantId };

        var call = await Eventually.WithinAsync(bot.Calls.AddAsync(parameters), "AddAsync join meeting");
        await Eventually.UntilAsync(() => call.Resource.State == CallState.Established, "SDK sees the meeting call established");

        var snapshot = environment.Emulator.Control.GetCall(call.Id)!;
        Assert.Equal(CallKind.Meeting, snapshot.Kind);
        Assert.Contains(snapshot.Participants, p => p.IdentityId == "5810cede-f3cc-42eb-b2c1-e9bd5d53ec96");
    }

    internal static async Task<(string CallId, ICall Call)> AnswerIncomingAsync(TestEnvironment environment, SdkBot bot)
    {
        ICall? incoming = null;
        bot.Calls.OnIncoming += (_, args) =>
        {
            foreach (var call in args.AddedResources)
            {
                incoming = call;
                bot.Run(() => call.AnswerAsync(new ServiceHostedMediaConfig(), [Modality.Audio]));
            }
        };
        var callId = await environment.Emulator.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = TestApps.BotAppId });
        await Eventually.UntilAsync(() => incoming?.Resource.State == CallState.Established, "SDK call established");
        await Eventually.WithinAsync(bot.WhenWorkDoneAsync(), "AnswerAsync");
        return (callId, incoming!);
    }
}
