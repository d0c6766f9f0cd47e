namespace CallingBot.Media.Audio;

/// <summary>Signal level of PCM samples, in dB relative to full scale (0 dBFS is a full-scale square wave).</summary>
public static class AudioLevel
{
    /// <summary>The level reported for digital silence: the floor of 16-bit PCM, rounded down.</summary>
    public const double SilenceDbfs = -96.0;

    private const double FullScale = 32768.0;

    /// <summary>Root mean square of the samples as a fraction of full scale (0 to 1).</summary>
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        long sum = 0;
        foreach (var s in samples)
        {
            sum += s * s;
        }

        return Math.Sqrt((double)sum / samples.Length) / FullScale;
    }

    /// <summary>RMS level in dBFS, never below <see cref="SilenceDbfs"/>.</summary>
    public static double RmsDbfs(ReadOnlySpan<short> samples) => ToDbfs(Rms(samples));

    /// <summary>Converts a linear amplitude (fraction of full scale) to dBFS, clamped at <see cref="SilenceDbfs"/>.</summary>
    public static double ToDbfs(double amplitude) =>
        amplitude <= 0 ? SilenceDbfs : Math.Max(SilenceDbfs, 20 * Math.Log10(amplitude));

    /// <summary>Converts dBFS to a linear amplitude (fraction of full scale).</summary>
    public static double FromDbfs(double dbfs) => Math.Pow(10, dbfs / 20);

    /// <summary>Adds <paramref name="source"/> into <paramref name="destination"/>, saturating at the 16-bit limits.</summary>
    public static void MixInto(Span<short> destination, ReadOnlySpan<short> source)
    {
        var count = Math.Min(destination.Length, source.Length);
        for (var i = 0; i < count; i++)
        {
            destination[i] = (short)Math.Clamp(destination[i] + source[i], short.MinValue, short.MaxValue);
        }
    }
}
