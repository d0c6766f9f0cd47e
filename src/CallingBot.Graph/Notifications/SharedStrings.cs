namespace CallingBot.Graph.Notifications;

/// <summary>
/// A small, fixed-size, process-wide table of the short strings read from notifications, so that the models the SDK
/// keeps for every call share one copy of what every call repeats (type names such as
/// <c>#microsoft.graph.identitySet</c>, additional-data keys such as <c>tenantId</c>, regions, languages, the tenant's
/// and the bot's ids, the callback address) instead of holding a copy per model and per notification.
/// </summary>
/// <remarks>
/// <para>
/// Lossy by design: a string's hash selects a set of <see cref="Ways"/> slots, kept in the order of their last use. A
/// string found there is handed back and moves to the front of its set; a string not found goes to the front and
/// pushes the set's least recently used string out. So a string every call repeats is lost only when
/// <see cref="Ways"/> other strings of its set are used between two of its uses: what is unique to a call (its id, read
/// in each of its notifications) passes through and ages out behind the strings every call repeats. (With two slots per
/// set and no move on use, a few strings every call repeats were pushed out by the call ids around them at every call,
/// and each held call kept copies of them.)
/// </para>
/// <para>
/// The table never holds more than <see cref="Slots"/> strings of at most <see cref="MaxLength"/> characters (about
/// 300 KB at worst), whatever the traffic, and needs no lock: a slot is one reference, read and written whole, and a
/// race only costs a copy (a string held twice in its set, or not at all until its next use).
/// </para>
/// </remarks>
internal static class SharedStrings
{
    /// <summary>The number of slots (a power of two).</summary>
    public const int Slots = 2048;

    /// <summary>The slots of one set, which a string's hash selects (a power of two).</summary>
    public const int Ways = 4;

    /// <summary>Longer strings are not shared: names and identifiers are short, text is not worth the slot.</summary>
    public const int MaxLength = 64;

    private static readonly string?[] Table = new string?[Slots];

    /// <summary>The first slot of the set <paramref name="value"/> belongs to.</summary>
    internal static int SetOf(string value) => (value.GetHashCode() & ((Slots / Ways) - 1)) * Ways;

    /// <summary>The copy of <paramref name="value"/> the table holds, or <paramref name="value"/> itself (then held).</summary>
    public static string Share(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return value;
        }

        var set = SetOf(value);
        for (var way = 0; way < Ways; way++)
        {
            var held = Volatile.Read(ref Table[set + way]);
            if (held is null)
            {
                break;
            }

            if (string.Equals(held, value, StringComparison.Ordinal))
            {
                if (way > 0)
                {
                    MoveToFront(set, way, held);
                }

                return held;
            }
        }

        MoveToFront(set, Ways - 1, value);
        return value;
    }

    /// <summary>Puts <paramref name="value"/> first in its set, the strings before <paramref name="way"/> one slot back.</summary>
    private static void MoveToFront(int set, int way, string value)
    {
        for (var i = way; i > 0; i--)
        {
            Volatile.Write(ref Table[set + i], Volatile.Read(ref Table[set + i - 1]));
        }

        Volatile.Write(ref Table[set], value);
    }

    /// <summary><see cref="Share(string)"/> for a string that may be null.</summary>
    public static string? ShareOrNull(string? value) => value is null ? null : Share(value);
}
