namespace CallingBot.Media.Processors;

/// <summary>The DTMF keypad: each key is one tone from the low group plus one from the high group.</summary>
public static class DtmfTones
{
    /// <summary>Keys row by row; row = low tone, column = high tone.</summary>
    public const string Keys = "123A456B789C*0#D";

    private static readonly double[] LowFrequencies = [697, 770, 852, 941];
    private static readonly double[] HighFrequencies = [1209, 1336, 1477, 1633];

    /// <summary>Low-group (row) frequencies in Hz.</summary>
    public static ReadOnlySpan<double> Low => LowFrequencies;

    /// <summary>High-group (column) frequencies in Hz.</summary>
    public static ReadOnlySpan<double> High => HighFrequencies;

    /// <summary>The two frequencies of <paramref name="key"/> (0-9, *, #, A-D; letters in either case).</summary>
    public static (double Low, double High) GetFrequencies(char key)
    {
        var index = Keys.IndexOf(char.ToUpperInvariant(key), StringComparison.Ordinal);
        if (index < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(key), key, "Not a DTMF key; expected 0-9, *, # or A-D.");
        }

        return (LowFrequencies[index / 4], HighFrequencies[index % 4]);
    }

    internal static char KeyAt(int lowIndex, int highIndex) => Keys[(lowIndex * 4) + highIndex];
}
