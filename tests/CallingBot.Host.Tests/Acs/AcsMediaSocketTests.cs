using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using CallingBot.AspNetCore.Testing;
using CallingBot.Core.Calls;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Acs;
using CallingBot.Host.Tests.Media;

namespace CallingBot.Host.Tests.Acs;

/// <summary>
/// The media socket of an app-hosted ACS call on a real host in local mode: ACS connects to the session URL the bot
/// put in mediaStreamingOptions; without that URL's per-call secret the upgrade is refused before any frame is read,
/// and the call's real stream keeps flowing.
/// </summary>
public sealed class AcsMediaSocketTests
{
    private const string BotId = "8:acs:media-socket-bot";

    [Theory]
    [InlineData("no token")]
    [InlineData("wrong token")]
    [InlineData("token of the right length from another call")]
    public async Task MediaSocket_WithoutTheCallsSecret_IsRefused401BeforeTheUpgrade(string name)
    {
        var handler = new EchoMediaHandler();
        var options = new CallingBotTestHostOptions { Router = new Answer(handler) };
        options.Settings["CallingBot:Acs:SourceUserId"] = BotId;
        await using var bot = await CallingBotTestHost.StartAsync(options);
        var correlationId = await bot.Emulator.AcsControl.PlaceIncomingCallAsync("8:acs:caller", BotId);
        AcsCallSnapshot? call = null;
        await Eventually.UntilAsync(() => (call = bot.Emulator.AcsControl.FindByCorrelationId(correlationId)) is { State: "connected" }, "the bot answers the ACS call");
        var media = await handler.Connected.Task.WaitAsync(TimeSpan.FromSeconds(15));
        var live = new Uri((string)JsonNode.Parse(call!.MediaStreamingOptions!)!["transportUrl"]!);
        var token = Uri.UnescapeDataString(live.Query["?token=".Length..]);
        var forged = name switch
        {
            "no token" => new UriBuilder(live) { Query = string.Empty }.Uri,
            "wrong token" => new UriBuilder(live) { Query = "token=" + Uri.EscapeDataString(token[..^2] + (token.EndsWith("xx", StringComparison.Ordinal) ? "yy" : "xx")) }.Uri,
            _ => new UriBuilder(live) { Query = "token=" + new string('A', token.Length) }.Uri,
        };
        var framesBefore = media.Statistics.FramesReceived;
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        var pinned = bot.Emulator.TlsCertificate.GetCertHash(HashAlgorithmName.SHA256);
        socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            errors == SslPolicyErrors.None || certificate!.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned);

        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(forged, CancellationToken.None));

        Assert.Equal(HttpStatusCode.Unauthorized, socket.HttpStatusCode);
        await Eventually.UntilAsync(() => media.Statistics.FramesReceived > framesBefore + 5, "the call's own stream keeps flowing");
        Assert.False(media.Disconnected.IsCancellationRequested);
    }

    private sealed class Answer(EchoMediaHandler handler) : IIncomingCallRouter
    {
        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(CallDecision.Answer(handler, MediaHosting.AppHosted));
    }
}
