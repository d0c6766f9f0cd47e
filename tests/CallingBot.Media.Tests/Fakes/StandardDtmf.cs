namespace CallingBot.Media.Tests.Fakes;

/// <summary>
/// The DTMF keypad as ITU-T Q.23 defines it, written out key by key and independent of the production table, so
/// that a wrong frequency in the product cannot be hidden by tests that generate their tones from the same table.
/// </summary>
internal static class StandardDtmf
{
    private static readonly Dictionary<char, (double Low, double High)> Table = new()
    {
        ['1'] = (697, 1209), ['2'] = (697, 1336), ['3'] = (697, 1477), ['A'] = (697, 1633),
        ['4'] = (770, 1209), ['5'] = (770, 1336), ['6'] = (770, 1477), ['B'] = (770, 1633),
        ['7'] = (852, 1209), ['8'] = (852, 1336), ['9'] = (852, 1477), ['C'] = (852, 1633),
        ['*'] = (941, 1209), ['0'] = (941, 1336), ['#'] = (941, 1477), ['D'] = (941, 1633),
    };

    public static IEnumerable<char> Keys => Table.Keys;

    public static (double Low, double High) Frequencies(char key) => Table[char.ToUpperInvariant(key)];
}
