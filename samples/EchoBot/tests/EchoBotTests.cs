using CallingBot.AspNetCore.Testing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;

namespace EchoBot.Tests;

/// <summary>
/// The echo sample end to end. Frame invariant: 16 kHz mono 16-bit, 20 ms = 320 samples = 640 bytes; the emulator
/// streams one frame per 20 ms and keeps both directions on the same 20 ms timeline.
/// </summary>
public sealed class EchoBotTests
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task Echo_CallerSpeaksWav_SameAudioComesBackByteForByte()
    {
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(new DetectedKeys()));
        var callId = await bot.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = CallerId });
        bot.Control.Media.SetSource(callId, null, MediaSourceSpec.Wav(WavCodec.Write(EchoAudio.Noise(TimeSpan.FromSeconds(2)))));

        await bot.Control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 100, "100 echoed frames");
        await EchoAudio.WaitForEchoAsync(() => bot.Control.Media.GetSentAudio(callId), () => bot.Control.Media.GetReceivedAudio(callId), "caller frames 25..74 echoed");

        var sent = bot.Control.Media.GetSentAudio(callId);
        var received = bot.Control.Media.GetReceivedAudio(callId);

        var first = EchoAudio.AssertEchoed(sent, received);
        Assert.InRange(first - 25, 0, 25);
        Assert.Equal(0, bot.Control.Media.GetStatistics(callId)!.UnknownMessagesReceived);
    }

    [Fact]
    public async Task InBandDtmf_CallerAudioCarriesKeys_BotDetectsExactlyThoseKeys()
    {
        var keys = new DetectedKeys();
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(keys));
        var callId = await bot.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = CallerId });
        bot.Control.Media.SetSource(callId, null, MediaSourceSpec.Dtmf("159#", toneMilliseconds: 100, gapMilliseconds: 100));

        await Eventually.UntilAsync(() => keys.For(callId).Length >= 4, "the bot detects four keys", TimeSpan.FromSeconds(10));
        await bot.Control.Media.WaitForMediaAsync(callId, s => s.FramesSent >= 75, "the key sequence and some silence have been streamed");

        Assert.Equal("159#", keys.For(callId));
    }
}
