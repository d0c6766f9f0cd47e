using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using CallingBot.Core.Calls;
using CallingBot.Core.Registry;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;
using CallingBot.Emulator.Timeline;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Media;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Media.Sessions;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Media;

/// <summary>
/// App-hosted media end to end: the bot answers with a media session whose blob points at its own
/// <c>/media/{sessionId}</c> WebSocket, the emulator connects and streams 20 ms frames of 640 bytes, the bot echoes.
/// </summary>
public sealed class MediaEndpointTests
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const int FrameBytes = 640;

    [Fact]
    public async Task AppHostedCall_EmulatorStreamsTone_BotEchoesTheSameFrames()
    {
        var handler = new EchoMediaHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler, MediaHosting.AppHosted)));
        var control = bot.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        control.Media.SetSource(callId, null, MediaSourceSpec.Tone(1000, -20));

        var media = await Eventually.WithinAsync(handler.Connected.Task, "bot handler gets the call's media");
        var stats = await control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 50, "50 echoed frames");

        Assert.Equal(callId, media.CallId);
        Assert.Equal(640, media.Format.SamplesPerFrame * 2);
        Assert.Equal("connected", stats.State);
        Assert.Equal(0, stats.UnknownMessagesReceived);
        var answer = Assert.Single(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
        Assert.Contains("appHostedMediaConfig", answer.Body!, StringComparison.OrdinalIgnoreCase);
        Assert.Contains($"wss://{bot.BaseAddress.Authority}/media/", answer.Body!.Replace("\\/", "/", StringComparison.Ordinal), StringComparison.Ordinal);
        var sent = control.Media.GetSentAudio(callId);
        var received = control.Media.GetReceivedAudio(callId);
        Assert.Equal(0, received.Length % FrameBytes);
        // Frame by frame: the emulator pads late echoes with silence on its timeline, so compare each audible frame.
        var sentFrames = Enumerable.Range(0, sent.Length / FrameBytes).Select(i => Convert.ToBase64String(sent, i * FrameBytes, FrameBytes)).ToHashSet(StringComparer.Ordinal);
        var audible = Enumerable.Range(0, received.Length / FrameBytes)
            .Where(i => received.AsSpan(i * FrameBytes, FrameBytes).ContainsAnyExcept((byte)0))
            .Select(i => Convert.ToBase64String(received, i * FrameBytes, FrameBytes))
            .ToList();
        Assert.True(audible.Count >= 40, $"{audible.Count} audible frames came back");
        Assert.All(audible, frame => Assert.Contains(frame, sentFrames));
        Assert.True(media.Statistics.FramesReceived >= 50);
        Assert.Equal(0, media.Statistics.FramesDropped);

        await control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "the bot ends the call before the host stops");
    }

    [Fact]
    public async Task CallHungUp_ClosesTheMediaSocketAndForgetsTheSession()
    {
        var handler = new EchoMediaHandler();
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Answer(handler, MediaHosting.AppHosted)));
        var control = bot.Emulator.Control;
        var registry = bot.Services.GetRequiredService<MediaSessionRegistry>();
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = AliceId });
        var media = await Eventually.WithinAsync(handler.Connected.Task, "bot handler gets the call's media");
        Assert.Equal(1, registry.Count);

        await control.HangUpAsync(callId);

        var stats = await control.Media.WaitForMediaAsync(callId, s => s.State == "closed", "the socket closed");
        await Eventually.UntilAsync(() => registry.Count == 0, "the bot forgets the media session");
        Assert.True(media.Disconnected.IsCancellationRequested);
        Assert.Null(stats.Error);
    }

    [Theory]
    [InlineData(false, HttpStatusCode.Unauthorized)]
    [InlineData(true, HttpStatusCode.NotFound)]
    public async Task MediaEndpoint_WrongTokenOrUnknownSession_RefusedBeforeUpgrade(bool unknownSession, HttpStatusCode expected)
    {
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        var entry = bot.Services.GetRequiredService<MediaSessionRegistry>().Open(callId: "call-1", video: false);
        var sessionId = unknownSession ? Guid.NewGuid() : entry.SessionId;
        var url = MediaUrls.ForSession(bot.BaseAddress, sessionId, "not-the-token");
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var pinned = bot.Emulator.TlsCertificate.GetCertHash(HashAlgorithmName.SHA256);
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate!.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));

        Assert.Equal(expected, socket.HttpStatusCode);
        Assert.False(entry.IsConnected);
    }

    [Fact]
    public async Task MediaEndpoint_SessionOfACallTheRegistryKnowsEnded_RefusedWith409BeforeUpgrade()
    {
        await using var bot = await BotHost.StartAsync(new DelegateRouter(_ => CallDecision.Reject()));
        var session = (WebSocketMediaSession)bot.Services.GetRequiredService<IMediaSessionFactory>().Create("call-ended-1");
        bot.Services.GetRequiredService<ICallRegistry>().MarkEnded("call-ended-1");
        var url = new Uri(session.GetMediaConfiguration()["url"]!.ToString());
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var pinned = bot.Emulator.TlsCertificate.GetCertHash(HashAlgorithmName.SHA256);
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate!.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(url, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Conflict, socket.HttpStatusCode);
        Assert.False(session.Session.IsConnected);
    }
}
