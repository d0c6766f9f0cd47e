namespace CallingBot.Media.Processors;

/// <summary>
/// The Goertzel algorithm for several frequencies in one pass over the samples: the power of each
/// frequency without a full FFT. The coefficients use the exact frequencies, not the nearest bins.
/// </summary>
internal sealed class Goertzel
{
    private readonly double[] _coefficients;

    public Goertzel(ReadOnlySpan<double> frequencies, int sampleRate)
    {
        _coefficients = new double[frequencies.Length];
        for (var i = 0; i < frequencies.Length; i++)
        {
            _coefficients[i] = 2 * Math.Cos(2 * Math.PI * frequencies[i] / sampleRate);
        }
    }

    public int Count => _coefficients.Length;

    /// <summary>
    /// Writes, for each frequency, the mean power of a sine at that frequency in <paramref name="samples"/>
    /// (A²/2 for a sine of amplitude A), comparable to the mean power of the samples.
    /// </summary>
    public void Measure(ReadOnlySpan<short> samples, Span<double> power)
    {
        Span<double> s1 = stackalloc double[_coefficients.Length];
        Span<double> s2 = stackalloc double[_coefficients.Length];
        var coefficients = _coefficients.AsSpan();
        foreach (var sample in samples)
        {
            for (var k = 0; k < coefficients.Length; k++)
            {
                var s = sample + (coefficients[k] * s1[k]) - s2[k];
                s2[k] = s1[k];
                s1[k] = s;
            }
        }

        var n = (double)samples.Length;
        for (var k = 0; k < coefficients.Length; k++)
        {
            var magnitudeSquared = (s1[k] * s1[k]) + (s2[k] * s2[k]) - (coefficients[k] * s1[k] * s2[k]);
            power[k] = 2 * magnitudeSquared / (n * n);
        }
    }
}
