using System.Buffers.Binary;
using System.Text;

namespace CallingBot.Softphone.Tests;

/// <summary>Test audio: a sine as a WAV file, and how much of a signal's power is at one frequency.</summary>
internal static class Audio
{
    /// <summary>A mono 16-bit PCM WAV of a sine.</summary>
    public static byte[] SineWav(double frequencyHz, int sampleRate, double seconds, double levelDbfs)
    {
        var samples = (int)(sampleRate * seconds);
        var amplitude = short.MaxValue * Math.Sqrt(2) * Math.Pow(10, levelDbfs / 20);
        var wav = new byte[44 + (samples * 2)];
        Encoding.ASCII.GetBytes("RIFF").CopyTo(wav, 0);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(4), 36 + (samples * 2));
        Encoding.ASCII.GetBytes("WAVEfmt ").CopyTo(wav, 8);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(16), 16);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(20), 1);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(22), 1);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(24), sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(28), sampleRate * 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(32), 2);
        BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(34), 16);
        Encoding.ASCII.GetBytes("data").CopyTo(wav, 36);
        BinaryPrimitives.WriteInt32LittleEndian(wav.AsSpan(40), samples * 2);
        for (var i = 0; i < samples; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(wav.AsSpan(44 + (i * 2)), (short)(amplitude * Math.Sin(2 * Math.PI * frequencyHz * i / sampleRate)));
        }

        return wav;
    }

    /// <summary>
    /// The share (0 – 1) of the power of 16 kHz 16-bit PCM <paramref name="pcm"/> that lies within a few hertz of
    /// <paramref name="frequencyHz"/> (Goertzel over the whole signal), and its RMS level.
    /// </summary>
    public static (double Share, double Rms) ToneShare(ReadOnlySpan<byte> pcm, double frequencyHz)
    {
        var count = pcm.Length / 2;
        if (count == 0)
        {
            return (0, 0);
        }

        var coefficient = 2 * Math.Cos(2 * Math.PI * frequencyHz / 16_000);
        double s1 = 0, s2 = 0, energy = 0;
        for (var i = 0; i < count; i++)
        {
            double x = BinaryPrimitives.ReadInt16LittleEndian(pcm[(i * 2)..]);
            energy += x * x;
            var s0 = x + (coefficient * s1) - s2;
            s2 = s1;
            s1 = s0;
        }

        var power = (s1 * s1) + (s2 * s2) - (coefficient * s1 * s2);
        var share = energy == 0 ? 0 : 2 * power / (count * energy);
        return (share, Math.Sqrt(energy / count) / short.MaxValue);
    }
}
