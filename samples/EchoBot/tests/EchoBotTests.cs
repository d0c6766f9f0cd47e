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
    private const int FrameBytes = 16_000 / 50 * 2;

    [Fact]
    public async Task Echo_CallerSpeaksWav_SameAudioComesBackByteForByte()
    {
        await using var bot = await CallingBotTestHost.StartAsync(new EchoRouter(new DetectedKeys()));
        var callId = await bot.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = CallerId });
        bot.Control.Media.SetSource(callId, null, MediaSourceSpec.Wav(WavCodec.Write(Noise(TimeSpan.FromSeconds(2)))));

        await bot.Control.Media.WaitForMediaAsync(callId, s => s.FramesReceived >= 100, "100 echoed frames");

        var sent = bot.Control.Media.GetSentAudio(callId);
        var received = bot.Control.Media.GetReceivedAudio(callId);

        // Frames 25..74 of what the caller said (one second) each come back unchanged, whole, in order and on the
        // 20 ms grid. A loaded machine may leave an empty slot between two echoed frames, so gaps are allowed.
        var next = 0;
        var first = -1;
        for (var frame = 25; frame < 75; frame++)
        {
            var at = IndexOfAlignedFrame(received, sent.AsSpan(frame * FrameBytes, FrameBytes), next);
            Assert.True(at >= 0, $"caller frame {frame} comes back unchanged after the frames before it");
            first = first < 0 ? at : first;
            next = at + 1;
        }

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

    /// <summary>The first frame index at or after <paramref name="from"/> whose 20 ms of <paramref name="audio"/> equal <paramref name="frame"/>, or -1.</summary>
    private static int IndexOfAlignedFrame(byte[] audio, ReadOnlySpan<byte> frame, int from)
    {
        for (var index = from; (index + 1) * FrameBytes <= audio.Length; index++)
        {
            if (audio.AsSpan(index * FrameBytes, FrameBytes).SequenceEqual(frame))
            {
                return index;
            }
        }

        return -1;
    }

    /// <summary>Deterministic pseudo-random audio at about −20 dBFS, so any one second is unique.</summary>
    private static byte[] Noise(TimeSpan duration)
    {
        var samples = (int)(duration.TotalSeconds * 16_000);
        var pcm = new byte[samples * 2];
        uint state = 12345;
        for (var i = 0; i < samples; i++)
        {
            state = (state * 1664525) + 1013904223;
            var sample = (short)((int)(state >> 16) % 6000 - 3000);
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), sample);
        }

        return pcm;
    }
}
