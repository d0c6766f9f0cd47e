using CallingBot.Media.Processors;

namespace CallingBot.Media.Tests.Processors;

public class GoertzelTests
{
    [Fact]
    public void Measure_SineAtOneOfEightFrequencies_ReportsItsPowerAndLittleElsewhere()
    {
        double[] frequencies = [697, 770, 852, 941, 1209, 1336, 1477, 1633];
        var goertzel = new Goertzel(frequencies, 16_000);
        const double amplitude = 10_000;
        var samples = new short[320];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)Math.Round(amplitude * Math.Sin(2 * Math.PI * 1336 * i / 16_000.0));
        }

        var power = new double[8];
        goertzel.Measure(samples, power);

        var expected = amplitude * amplitude / 2;
        Assert.Equal(1, power[5] / expected, tolerance: 0.02);
        Assert.All(power.Where((_, i) => i != 5), p => Assert.True(p < expected / 20, $"leakage {p / expected:P1}"));
    }

    [Fact]
    public void Constructor_MoreThanEightFrequencies_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Goertzel(new double[9], 16_000));
    }
}
