using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json;
using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;
using CallingBot.Emulator.Timeline;
using CallingBot.Graph.Media;
using CallingBot.Host.Tests.Infrastructure;
using CallingBot.Media.Audio;
using CallingBot.Media.Sessions;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Host.Tests.Media;

/// <summary>
/// One real host with one app-hosted call whose media the emulator streams and the bot echoes (the good session every
/// hostile request must leave alone), and a way to open further sessions whose URL and secret the test knows.
/// </summary>
public sealed class MediaEndpointFixture : IAsyncLifetime
{
    /// <summary>The largest binary message of the fixture's host: not a power of two, so pooled buffers overshoot it.</summary>
    public const int MaxVideoMessageBytes = 40_000;

    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    public BotHost Bot { get; private set; } = null!;

    public MediaSessionRegistry Registry => Bot.Services.GetRequiredService<MediaSessionRegistry>();

    public string LiveCallId { get; private set; } = null!;

    /// <summary>The live call's media URL, with its secret, as the bot published it in the answer.</summary>
    public Uri LiveSessionUrl { get; private set; } = null!;

    public MediaSession LiveSession => Registry.FindByCall(LiveCallId)!;

    public async Task InitializeAsync()
    {
        var handler = new EchoMediaHandler();
        Bot = await BotHost.StartAsync(
            new DelegateRouter(_ => CallDecision.Answer(handler, MediaHosting.AppHosted)),
            new Dictionary<string, string?> { ["CallingBot:Media:Endpoint:MaxVideoMessageBytes"] = MaxVideoMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        var control = Bot.Emulator.Control;
        LiveCallId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = Bot.AppId, FromUserId = AliceId });
        control.Media.SetSource(LiveCallId, null, MediaSourceSpec.Tone(1000, -20));
        await Eventually.WithinAsync(handler.Connected.Task, "the live call's media connects");
        await control.Media.WaitForMediaAsync(LiveCallId, s => s.FramesReceived >= 10, "the live call's first echoed frames");
        var answer = control.GetTimeline(LiveCallId).Single(e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
        LiveSessionUrl = ReadMediaUrl(answer.Body!);
    }

    /// <summary>Opens a session for a call of its own, not connected yet, and returns it with its URL.</summary>
    public (MediaSession Session, Uri Url) OpenSession(bool video)
    {
        var session = Registry.Open("hostile-" + Guid.NewGuid().ToString("N"), video);
        using var blob = new WebSocketMediaSession(session, Bot.BaseAddress, AudioFormat.Default, unmixed: true);
        return (session, new Uri(blob.GetMediaConfiguration()["url"]!.ToString()));
    }

    public ClientWebSocket CreateClient()
    {
        var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var pinned = Bot.Emulator.TlsCertificate.GetCertHash(HashAlgorithmName.SHA256);
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate!.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned);
        return socket;
    }

    /// <summary>Everything a hostile media request could change: the sessions and the live call on both sides.</summary>
    public MediaStateSnapshot Capture(params MediaSession[] others) => new(
        Registry.Count,
        LiveSession.IsConnected,
        LiveSession.IsClosed,
        Bot.Emulator.Control.Media.GetStatistics(LiveCallId)?.State,
        Bot.Manager.GetCall(LiveCallId)?.State,
        Bot.Manager.ActiveCallCount,
        string.Join(",", others.Select(o => $"{o.IsConnected}/{o.IsClosed}")));

    /// <summary>Waits until the bot echoes at least 10 more frames of the live call.</summary>
    public async Task AssertLiveSessionServedAsync()
    {
        var media = Bot.Emulator.Control.Media;
        var before = media.GetStatistics(LiveCallId)!.FramesReceived;
        var stats = await media.WaitForMediaAsync(LiveCallId, s => s.FramesReceived >= before + 10, "the live call's echo continues");
        Assert.Equal("connected", stats.State);
    }

    private static Uri ReadMediaUrl(string answerBody)
    {
        using var answer = JsonDocument.Parse(answerBody);
        var blob = answer.RootElement.GetProperty("mediaConfig").GetProperty("blob").GetString()!;
        using var configuration = JsonDocument.Parse(blob);
        return new Uri(configuration.RootElement.GetProperty("url").GetString()!);
    }

    public async Task DisposeAsync()
    {
        if (Bot is not null)
        {
            await Bot.Emulator.Control.HangUpAsync(LiveCallId);
            await Eventually.UntilAsync(() => Bot.Manager.ActiveCallCount == 0, "the live call ends before the host stops");
            await Bot.DisposeAsync();
        }
    }
}
