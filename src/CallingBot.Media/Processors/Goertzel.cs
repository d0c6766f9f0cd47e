using System.Runtime.Intrinsics;

namespace CallingBot.Media.Processors;

/// <summary>
/// The Goertzel algorithm for up to eight frequencies in one pass over the samples: the power of each
/// frequency without a full FFT. The eight filters run as two 4-lane vectors, whose recurrences are
/// independent, so the pass costs about one multiply-add chain per sample. The coefficients use the exact
/// frequencies, not the nearest bins.
/// </summary>
internal sealed class Goertzel
{
    public const int MaxFrequencies = 8;

    private readonly int _count;
    private readonly Vector256<double> _first;
    private readonly Vector256<double> _second;

    public Goertzel(ReadOnlySpan<double> frequencies, int sampleRate)
    {
        if (frequencies.IsEmpty || frequencies.Length > MaxFrequencies)
        {
            throw new ArgumentOutOfRangeException(nameof(frequencies), $"Between 1 and {MaxFrequencies} frequencies are supported.");
        }

        Span<double> coefficients = stackalloc double[MaxFrequencies];
        for (var i = 0; i < frequencies.Length; i++)
        {
            coefficients[i] = 2 * Math.Cos(2 * Math.PI * frequencies[i] / sampleRate);
        }

        _count = frequencies.Length;
        _first = Vector256.Create<double>(coefficients[..4]);
        _second = Vector256.Create<double>(coefficients[4..]);
    }

    public int Count => _count;

    /// <summary>
    /// Writes, for each frequency, the mean power of a sine at that frequency in <paramref name="samples"/>
    /// (A²/2 for a sine of amplitude A), comparable to the mean power of the samples.
    /// </summary>
    public void Measure(ReadOnlySpan<short> samples, Span<double> power)
    {
        var c1 = _first;
        var c2 = _second;
        var a1 = Vector256<double>.Zero;
        var a2 = Vector256<double>.Zero;
        var b1 = Vector256<double>.Zero;
        var b2 = Vector256<double>.Zero;
        foreach (var sample in samples)
        {
            var x = Vector256.Create((double)sample);
            // x − s2 does not depend on the previous step, so each step costs one fused multiply-add.
            var a = Vector256.FusedMultiplyAdd(c1, a1, x - a2);
            var b = Vector256.FusedMultiplyAdd(c2, b1, x - b2);
            a2 = a1;
            a1 = a;
            b2 = b1;
            b1 = b;
        }

        // |X|² = s1² + s2² − c·s1·s2; mean sine power = 2|X|²/N².
        var scale = Vector256.Create(2.0 / ((double)samples.Length * samples.Length));
        var first = ((a1 * a1) + (a2 * a2) - (c1 * a1 * a2)) * scale;
        var second = ((b1 * b1) + (b2 * b2) - (c2 * b1 * b2)) * scale;
        Span<double> all = stackalloc double[MaxFrequencies];
        first.CopyTo(all);
        second.CopyTo(all[4..]);
        all[.._count].CopyTo(power);
    }
}
