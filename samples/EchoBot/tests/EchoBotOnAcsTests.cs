using CallingBot.AspNetCore.Testing;
using CallingBot.Emulator.Acs;
using CallingBot.Emulator.Media;
using CallingBot.Media.Processors;

namespace EchoBot.Tests;

/// <summary>
/// The echo sample's router and handler, unchanged, on Azure Communication Services: the emulator's Event Grid delivers
/// the IncomingCall event, the bot answers with <c>mediaStreamingOptions</c>, the emulated ACS resource connects to the
/// bot's media endpoint and streams the caller's audio (AudioMetadata, then AudioData, mixed, 16 kHz mono), and the
/// echo comes back as outbound AudioData. Frame invariant: 20 ms = 320 samples = 640 bytes.
/// </summary>
public sealed class EchoBotOnAcsTests
{
    private const string BotId = "8:acs:echo-bot";
    private const string CallerId = "8:acs:caller-alice";

    [Fact]
    public async Task Echo_AcsCallerSpeaks_SameAudioComesBackThroughThePipeline()
    {
        await using var bot = await StartAsync();
        var call = await CallTheBotAsync(bot);
        bot.Control.Media.SetSource(call.CallConnectionId, null, MediaSourceSpec.Wav(WavCodec.Write(EchoAudio.Noise(TimeSpan.FromSeconds(2)))));

        await bot.Control.Media.WaitForMediaAsync(call.CallConnectionId, s => s.FramesReceived >= 100, "100 echoed frames on the ACS media stream");
        await EchoAudio.WaitForEchoAsync(() => bot.Control.Media.GetSentAudio(call.CallConnectionId), () => bot.Control.Media.GetReceivedAudio(call.CallConnectionId), "caller frames 25..74 echoed on the ACS media stream");

        var sent = bot.Control.Media.GetSentAudio(call.CallConnectionId);
        var received = bot.Control.Media.GetReceivedAudio(call.CallConnectionId);
        EchoAudio.AssertEchoed(sent, received);

        var statistics = bot.Control.Media.GetStatistics(call.CallConnectionId)!;
        Assert.Equal(0, statistics.UnknownMessagesReceived);
        Assert.Contains("Microsoft.Communication.MediaStreamingStarted", Snapshot(bot, call.CallConnectionId).DeliveredEvents);
        var media = Snapshot(bot, call.CallConnectionId).MediaStreamingOptions!;
        Assert.Contains("\"audioFormat\":\"pcm16KMono\"", media, StringComparison.Ordinal);
        Assert.Contains("\"enableBidirectional\":true", media, StringComparison.Ordinal);
        Assert.Contains("/media/", media, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Echo_CallerHangsUp_StreamClosesAndTheBotDropsTheCall()
    {
        await using var bot = await StartAsync();
        var call = await CallTheBotAsync(bot);
        await bot.Control.Media.WaitForMediaAsync(call.CallConnectionId, s => s.FramesReceived >= 10, "echo flows");

        Assert.True(bot.Emulator.AcsControl.HangUp(call.CallConnectionId));

        await bot.Control.Media.WaitForMediaAsync(call.CallConnectionId, s => s.State == "closed", "the media stream closes with the call");
        await Eventually.UntilAsync(() => bot.Manager.ActiveCallCount == 0, "bot drops the call");
        Assert.DoesNotContain("Microsoft.Communication.MediaStreamingFailed", Snapshot(bot, call.CallConnectionId).DeliveredEvents);
    }

    [Fact]
    public async Task Echo_HandlerStopsAndStartsStreaming_EchoResumesOnTheNewStreamsPipeline()
    {
        await using var bot = await StartAsync();
        var call = await CallTheBotAsync(bot);
        await bot.Control.Media.WaitForMediaAsync(call.CallConnectionId, s => s.FramesReceived >= 10, "the first stream's echo");
        var context = bot.Manager.FindCall(call.CorrelationId) ?? throw new InvalidOperationException("The bot does not hold the ACS call under its correlation id.");
        var first = await context.GetMediaAsync();

        await context.StopMediaStreamingAsync();
        await Eventually.UntilAsync(() => first.Disconnected.IsCancellationRequested, "the first stream's socket closes on the stop");
        await context.StartMediaStreamingAsync();
        var second = await context.GetMediaAsync();
        second.Pipeline.Use(new EchoProcessor(second.Sender)).Start();
        bot.Control.Media.SetSource(call.CallConnectionId, null, MediaSourceSpec.Wav(WavCodec.Write(EchoAudio.Noise(TimeSpan.FromSeconds(2)))));
        await bot.Control.Media.WaitForMediaAsync(call.CallConnectionId, s => s.FramesReceived >= 100, "100 echoed frames on the second stream");
        await EchoAudio.WaitForEchoAsync(() => bot.Control.Media.GetSentAudio(call.CallConnectionId), () => bot.Control.Media.GetReceivedAudio(call.CallConnectionId), "caller frames 25..74 echoed on the second stream");

        Assert.NotSame(first.Pipeline, second.Pipeline);
        EchoAudio.AssertEchoed(bot.Control.Media.GetSentAudio(call.CallConnectionId), bot.Control.Media.GetReceivedAudio(call.CallConnectionId));
        var delivered = Snapshot(bot, call.CallConnectionId).DeliveredEvents;
        Assert.Contains("Microsoft.Communication.MediaStreamingStopped", delivered);
        Assert.Equal(2, delivered.Count(e => e == "Microsoft.Communication.MediaStreamingStarted"));
    }

    private static Task<CallingBotTestHost> StartAsync()
    {
        var options = new CallingBotTestHostOptions { Router = new EchoRouter(new DetectedKeys()) };
        options.Settings["CallingBot:Acs:SourceUserId"] = BotId;
        return CallingBotTestHost.StartAsync(options);
    }

    private static async Task<AcsCallSnapshot> CallTheBotAsync(CallingBotTestHost bot)
    {
        var correlationId = await bot.Emulator.AcsControl.PlaceIncomingCallAsync(CallerId, BotId, "Alice");
        AcsCallSnapshot? call = null;
        await Eventually.UntilAsync(() => (call = bot.Emulator.AcsControl.FindByCorrelationId(correlationId)) is { State: "connected" }, "the bot answers the ACS call");
        return call!;
    }

    private static AcsCallSnapshot Snapshot(CallingBotTestHost bot, string callConnectionId) =>
        bot.Emulator.AcsControl.FindCall(callConnectionId) ?? throw new InvalidOperationException($"The emulator forgot call connection {callConnectionId}.");
}
