using CallingBot.Media.Audio;
using CallingBot.Media.Processors;

namespace CallingBot.Media.Bench;

/// <summary>Synthetic call audio for benchmarks: voiced speech stand-in with a DTMF key every few seconds.</summary>
internal static class TestAudio
{
    /// <summary>PCM of <paramref name="seconds"/> seconds: speech-like audio, with a 100 ms DTMF key every 2 s.</summary>
    public static byte[] Call(AudioFormat format, int seconds, int seed)
    {
        var random = new Random(seed);
        var samples = new short[format.SampleRate * seconds];
        var phase = 0.0;
        var pitch = 120.0;
        for (var i = 0; i < samples.Length; i++)
        {
            if (i % (format.SampleRate / 5) == 0)
            {
                pitch = 90 + (random.NextDouble() * 150);
            }

            phase += 2 * Math.PI * pitch / format.SampleRate;
            var envelope = 0.55 + (0.45 * Math.Sin(2 * Math.PI * 4 * i / format.SampleRate));
            double value = 0;
            for (var k = 1; k <= 12; k++)
            {
                value += Math.Sin(k * phase) / k;
            }

            samples[i] = (short)(value * envelope * 3000);
        }

        using var frame = new AudioFramePool(format).Rent();
        var perFrame = format.SamplesPerFrame;
        for (var second = 1; second < seconds; second += 2)
        {
            var key = DtmfTones.Keys[second % DtmfTones.Keys.Length];
            var tone = TonePlayer.Dtmf(key.ToString(), TimeSpan.FromMilliseconds(100), TimeSpan.Zero);
            var offset = second * format.SampleRate;
            while (tone.TryRead(frame) && offset + perFrame <= samples.Length)
            {
                frame.Samples.CopyTo(samples.AsSpan(offset, perFrame));
                offset += perFrame;
            }
        }

        var pcm = new byte[samples.Length * 2];
        Buffer.BlockCopy(samples, 0, pcm, 0, pcm.Length);
        return pcm;
    }
}
