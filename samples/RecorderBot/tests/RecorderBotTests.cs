using CallingBot.AspNetCore.Testing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;
using CallingBot.Media.Wav;

namespace RecorderBot.Tests;

/// <summary>
/// The recorder sample end to end. Frame invariant: 16 kHz mono 16-bit, 20 ms = 320 samples = 640 bytes; the WAV is
/// read back with the media library's independent reader.
/// </summary>
public sealed class RecorderBotTests : IDisposable
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const int FrameBytes = 640;
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "recorderbot-" + Guid.NewGuid().ToString("N"));

    [Fact]
    public async Task Recording_CallerSpeaksWavThenHangsUp_FileHoldsExactlyTheCallersAudio()
    {
        var options = new RecorderOptions { Directory = _directory };
        await using var bot = await CallingBotTestHost.StartAsync(new RecorderRouter(options));
        var voice = Voice(TimeSpan.FromSeconds(2));
        var callId = await bot.Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = bot.AppId, FromUserId = CallerId });
        bot.Control.Media.SetSource(callId, null, MediaSourceSpec.Wav(WavCodec.Write(voice)));

        await bot.Control.Media.WaitForMediaAsync(callId, s => s.FramesSent >= 150 && s.FramesReceived >= 10, "3 s streamed and the beep heard");
        var received = bot.Control.Media.GetReceivedAudio(callId);
        await bot.Control.HangUpAsync(callId);
        await Eventually.UntilAsync(() => bot.Control.Media.GetStatistics(callId)!.State == "closed", "media closed");
        // The emulator's sent audio on its 20 ms timeline: slots it skipped when it fell behind are silence there,
        // exactly as the recorder fills them from the frames' timestamps.
        var sentFrames = bot.Control.Media.GetSentAudio(callId).Length / FrameBytes;
        await Eventually.UntilAsync(() => File.Exists(options.PathFor(callId)) && IsComplete(options.PathFor(callId)), "the recording is closed");

        using var reader = WavReader.Open(options.PathFor(callId));
        Assert.Equal(16_000, reader.SampleRate);
        Assert.Equal(1, reader.Channels);
        var recorded = reader.ReadToEnd();
        Assert.Equal(0, recorded.Length % FrameBytes);
        var frames = recorded.Length / FrameBytes;
        Assert.InRange(frames, sentFrames - 5, sentFrames);
        Assert.Equal(TimeSpan.FromMilliseconds(frames * 20), reader.Duration);
        var audible = AudibleFrames(recorded);
        Assert.True(audible.AsSpan().SequenceEqual(voice), "the recording's audible frames are the caller's 2 s of audio, sample for sample, and silence follows");
        Assert.Equal(10, CountLoudFrames(received));
    }

    public void Dispose()
    {
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    private static bool IsComplete(string path)
    {
        try
        {
            using var reader = WavReader.Open(path);
            return reader.DataLength > 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (WavFormatException)
        {
            return false;
        }
    }

    /// <summary>The frames that are not all zero, in order (a slot the service skipped is recorded as silence).</summary>
    private static byte[] AudibleFrames(byte[] pcm)
    {
        using var audible = new MemoryStream();
        for (var offset = 0; offset + FrameBytes <= pcm.Length; offset += FrameBytes)
        {
            var frame = pcm.AsSpan(offset, FrameBytes);
            if (frame.ContainsAnyExcept((byte)0))
            {
                audible.Write(frame);
            }
        }

        return audible.ToArray();
    }

    private static int CountLoudFrames(byte[] pcm)
    {
        var count = 0;
        for (var offset = 0; offset + FrameBytes <= pcm.Length; offset += FrameBytes)
        {
            var samples = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, short>(pcm.AsSpan(offset, FrameBytes));
            long sum = 0;
            foreach (var sample in samples)
            {
                sum += Math.Abs((int)sample);
            }

            if (sum / samples.Length > 1000)
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>A 300 Hz tone whose level steps every 100 ms, so every part of the file is distinct.</summary>
    private static byte[] Voice(TimeSpan duration)
    {
        var samples = (int)(duration.TotalSeconds * 16_000);
        var pcm = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var level = 2000 + (i / 1600 * 500);
            var sample = (short)Math.Round(level * Math.Sin(2 * Math.PI * 300 * i / 16_000.0));
            System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), sample);
        }

        return pcm;
    }
}
