using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Core.Meetings;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Media;
using CallingBot.Emulator.Timeline;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Media;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Media.Sessions;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Video;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Media;

/// <summary>
/// App-hosted media on calls the bot places and meetings it joins: the media session is created before the call
/// exists, bound to the call id once the service answers <c>201 Created</c>, and the service connects to it when the
/// call is established.
/// </summary>
public sealed class OutboundMediaTests
{
    private const string BobId = "5d1f8c2a-7b3e-4a96-8c0d-2e4f6a8b0c1d";
    private const string ThreadId = "19:meeting_OTc2YjE4ZGMtMzQ1Ni00@thread.v2";
    private const string OrganizerId = "0f9e8d7c-6b5a-4938-8271-6a5b4c3d2e1f";
    private const string TenantId = "3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f";
    private const int FrameBytes = 640;

    [Fact]
    public async Task CreateCall_AppHostedPeerToPeer_MediaConnectsAndAudioFlowsBothWays()
    {
        var handler = new EchoMediaHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        var control = bot.Emulator.Control;
        control.AddUser(new EmulatedUser { Id = BobId, DisplayName = "Bob", Behavior = new CalleeBehavior() });
        control.Media.DefaultOptions = new CallMediaOptions { DefaultSource = MediaSourceSpec.Tone(700, -20) };
        var registry = bot.Services.GetRequiredService<MediaSessionRegistry>();

        var created = await bot.Manager.CreateCallAsync(
            new OutboundCallRequest { Targets = [ParticipantIdentity.User(BobId, "Bob")], Media = MediaHosting.AppHosted },
            handler,
            CancellationToken.None);

        var callId = created.CallId;
        var media = await Eventually.WithinAsync(handler.Connected.Task, "bot handler gets the outbound call's media");
        var stats = await control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 50, "50 frames from the bot");
        Assert.Equal(MediaHosting.AppHosted, created.Media);
        Assert.Equal(CallDirection.Outgoing, created.Direction);
        Assert.Equal(callId, media.CallId);
        Assert.Equal(callId, registry.FindByCall(callId)?.CallId);
        Assert.Equal("connected", stats.State);
        Assert.Equal(0, stats.UnknownMessagesReceived);
        var create = Assert.Single(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/communications/calls", StringComparison.Ordinal));
        Assert.Contains("appHostedMediaConfig", create.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"wss://{bot.BaseAddress.Authority}/media/", create.Body!.Replace("\\/", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        AssertEchoed(control.Media.GetSentAudio(callId), control.Media.GetReceivedAudio(callId));
        Assert.True(media.Statistics.FramesReceived >= 50, $"the bot received {media.Statistics.FramesReceived} frames");
        Assert.Equal(0, media.Statistics.FramesDropped);
        await HangUpAsync(bot, callId);
    }

    [Fact]
    public async Task CreateCall_AppHostedCallHungUp_ClosesTheMediaAndForgetsTheSession()
    {
        var handler = new EchoMediaHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        var control = bot.Emulator.Control;
        control.AddUser(new EmulatedUser { Id = BobId, DisplayName = "Bob" });
        var registry = bot.Services.GetRequiredService<MediaSessionRegistry>();
        var created = await bot.Manager.CreateCallAsync(
            new OutboundCallRequest { Targets = [ParticipantIdentity.User(BobId)], Media = MediaHosting.AppHosted },
            handler,
            CancellationToken.None);
        var media = await Eventually.WithinAsync(handler.Connected.Task, "bot handler gets the outbound call's media");

        await control.HangUpAsync(created.CallId);

        var stats = await control.Media.WaitForMediaAsync(created.CallId, s => s.State == "closed", "the socket closed");
        await Eventually.UntilAsync(() => registry.Count == 0, "the bot forgets the media session");
        Assert.True(media.Disconnected.IsCancellationRequested);
        Assert.Null(stats.Error);
    }

    [Fact]
    public async Task JoinMeeting_AppHostedFromJoinUrl_MediaConnectsAndAudioFlowsBothWays()
    {
        var handler = new EchoMediaHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        var control = bot.Emulator.Control;
        control.AddMeeting(new EmulatedMeeting { ThreadId = ThreadId, OrganizerId = OrganizerId, OrganizerDisplayName = "Olivia", TenantId = TenantId });
        control.Media.DefaultOptions = new CallMediaOptions { DefaultSource = MediaSourceSpec.Tone(440, -20) };
        var joinUrl = TeamsJoinUrl.Format(new MeetingCoordinates(ThreadId, "0", OrganizerId, TenantId));

        var joined = await bot.Manager.JoinMeetingAsync(
            new MeetingJoinRequest { Coordinates = TeamsJoinUrl.Parse(joinUrl), Media = MediaHosting.AppHosted },
            handler,
            CancellationToken.None);

        var callId = joined.CallId;
        var media = await Eventually.WithinAsync(handler.Connected.Task, "bot handler gets the meeting's media");
        var stats = await control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 50, "50 frames from the bot");
        Assert.Equal(MediaHosting.AppHosted, joined.Media);
        Assert.Equal(callId, media.CallId);
        Assert.Equal(ThreadId, control.GetCall(callId)!.MeetingThreadId);
        Assert.Equal("connected", stats.State);
        Assert.Equal(0, stats.UnknownMessagesReceived);
        var create = Assert.Single(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/communications/calls", StringComparison.Ordinal));
        Assert.Contains("appHostedMediaConfig", create.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("organizerMeetingInfo", create.Body!, StringComparison.Ordinal);
        AssertEchoed(control.Media.GetSentAudio(callId), control.Media.GetReceivedAudio(callId));
        Assert.Equal(0, media.Statistics.FramesDropped);
        await HangUpAsync(bot, callId);
    }

    [Fact]
    public async Task CreateCall_AppHostedWithVideo_EmulatorVideoFramesReachTheBotsPipeline()
    {
        var handler = new VideoCountingHandler();
        await using var bot = await BotHost.StartAsync(
            new DelegateRouter(_ => CallDecision.Reject()),
            new Dictionary<string, string?> { ["CallingBot:Media:Video"] = "true" });
        var control = bot.Emulator.Control;
        control.AddUser(new EmulatedUser { Id = BobId, DisplayName = "Bob" });
        control.Media.DefaultOptions = new CallMediaOptions { Video = new VideoStreamOptions { Width = 320, Height = 180, FramesPerSecond = 15 } };

        var created = await bot.Manager.CreateCallAsync(
            new OutboundCallRequest { Targets = [ParticipantIdentity.User(BobId)], Media = MediaHosting.AppHosted },
            handler,
            CancellationToken.None);

        await Eventually.WithinAsync(handler.Connected.Task, "bot handler gets the call's media");
        var stats = await control.Media.WaitForMediaAsync(created.CallId, s => s.VideoFramesSent >= 3, "3 video frames sent");
        await Eventually.UntilAsync(() => handler.Video.Count >= 3, "3 video frames reach the bot's video processor");
        Assert.Equal("connected", stats.State);
        var create = Assert.Single(control.GetTimeline(created.CallId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/communications/calls", StringComparison.Ordinal));
        Assert.Contains("\"video\"", create.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(VideoFormat.Nv12, handler.Video.LastFormat);
        Assert.Equal(320, handler.Video.LastWidth);
        Assert.Equal(180, handler.Video.LastHeight);
        Assert.Equal(320 * 180 * 3 / 2, handler.Video.LastPayloadLength);
        await HangUpAsync(bot, created.CallId);
    }

    [Fact]
    public async Task MediaEndpoint_ServiceConnectsBeforeTheCallIdIsKnown_ConnectionWaitsAndCarriesTheCallId()
    {
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        var session = (WebSocketMediaSession)bot.Services.GetRequiredService<IMediaSessionFactory>().Create(callId: null);
        var url = new Uri(session.GetMediaConfiguration()["url"]!.ToString());
        using var socket = CreateClientSocket(bot);
        var connecting = socket.ConnectAsync(url, CancellationToken.None);
        var waiting = session.Session.WaitConnectedAsync(CancellationToken.None);

        session.Session.BindCall("placed-call-1");

        await Eventually.WithinAsync(connecting, "the service's connection is accepted once the call id is bound");
        var media = await Eventually.WithinAsync(waiting, "the session hands over the call's media");
        Assert.Equal("placed-call-1", media.CallId);
        Assert.Equal("placed-call-1", media.Pipeline.CallId);
        Assert.Equal(WebSocketState.Open, socket.State);
        await session.Session.CloseAsync();
    }

    [Fact]
    public async Task MediaEndpoint_CallIdNeverBound_RefusedWith409AfterTheBindTimeout()
    {
        await using var bot = await BotHost.StartAsync(
            new DelegateRouter(_ => CallDecision.Reject()),
            new Dictionary<string, string?> { ["CallingBot:Media:Endpoint:BindTimeout"] = "00:00:00.300" });
        var session = (WebSocketMediaSession)bot.Services.GetRequiredService<IMediaSessionFactory>().Create(callId: null);
        using var socket = CreateClientSocket(bot);
        socket.Options.CollectHttpResponseDetails = true;

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(session.GetMediaConfiguration()["url"]!.ToString()), CancellationToken.None));

        Assert.Equal(System.Net.HttpStatusCode.Conflict, socket.HttpStatusCode);
        Assert.False(session.Session.IsConnected);
        Assert.Null(session.Session.CallId);
        await session.Session.CloseAsync();
    }

    private static ClientWebSocket CreateClientSocket(BotHost bot)
    {
        var socket = new ClientWebSocket();
        var pinned = bot.Emulator.TlsCertificate.GetCertHash(HashAlgorithmName.SHA256);
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate!.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned);
        return socket;
    }

    /// <summary>
    /// Every frame the bot sent that is not silence is, byte for byte, a frame the emulator sent: the bot echoed the
    /// call's audio. (Frames are compared one by one, so a late echo that the emulator's timeline pads is still exact.)
    /// </summary>
    private static void AssertEchoed(byte[] sent, byte[] received)
    {
        Assert.Equal(0, received.Length % FrameBytes);
        var echoed = 0;
        for (var offset = 0; offset < received.Length; offset += FrameBytes)
        {
            var frame = received.AsSpan(offset, FrameBytes);
            if (frame.IndexOfAnyExcept((byte)0) < 0)
            {
                continue;
            }

            echoed++;
            Assert.True(sent.AsSpan().IndexOf(frame) >= 0, $"the frame at {offset / FrameBytes * 20} ms of what the bot sent is a frame the emulator sent");
        }

        Assert.True(echoed >= 40, $"the bot echoed {echoed} non-silent frames");
    }

    /// <summary>Hangs up from the callee's side so the host stops with no call to drain.</summary>
    private static async Task HangUpAsync(BotHost bot, string callId)
    {
        await bot.Emulator.Control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.GetCall(callId) is null, "the bot forgets the call");
    }

    /// <summary>Counts the video frames of an app-hosted call and echoes its audio.</summary>
    private sealed class VideoCountingHandler : CallHandler
    {
        public TaskCompletionSource<ICallMedia> Connected { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public VideoCounter Video { get; } = new();

        public override async Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            var media = await call.GetMediaAsync(cancellationToken);
            media.Pipeline.Use(new EchoProcessor(media.Sender)).Use(Video).Start();
            Connected.TrySetResult(media);
        }
    }

    private sealed class VideoCounter : IVideoProcessor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public VideoFormat LastFormat { get; private set; }

        public int LastWidth { get; private set; }

        public int LastHeight { get; private set; }

        public int LastPayloadLength { get; private set; }

        public void Process(VideoFrameView frame)
        {
            LastFormat = frame.Header.Format;
            LastWidth = frame.Header.Width;
            LastHeight = frame.Header.Height;
            LastPayloadLength = frame.Header.PayloadLength;
            Interlocked.Increment(ref _count);
        }
    }
}
