namespace CallingBot.Graph.Notifications;

/// <summary>
/// A small, fixed-size, process-wide table of the short strings read from notifications, so that the models the SDK
/// keeps for every call share one copy of what every call repeats (type names such as
/// <c>#microsoft.graph.identitySet</c>, additional-data keys such as <c>tenantId</c>, regions, languages, the tenant's
/// and the bot's ids, the callback address) instead of holding a copy per model and per notification.
/// </summary>
/// <remarks>
/// <para>
/// Lossy by design: a string's hash selects a set of <see cref="Ways"/> slots. A string found there is handed back and
/// moves one slot towards the front of its set; a string not found takes the set's last slot, pushing out what was
/// there. So what every call repeats is found constantly and soon sits in the front slots, and what is unique to a call
/// (its id) passes through the last slot only, without pushing out the strings every call repeats: those are lost
/// only when more than <see cref="Ways"/> - 1 of them share a set. (With two slots per set and each new string put in
/// front, a few strings every call repeats were pushed out by the call ids around them at every call, and each held
/// call kept copies of them.)
/// </para>
/// <para>
/// The table never holds more than <see cref="Slots"/> strings of at most <see cref="MaxLength"/> characters (about
/// 300 KB at worst), whatever the traffic, and needs no lock: a slot is one reference, read and written whole, and a
/// race only costs a copy.
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
                    // One slot towards the front: what is found again and again ends up out of the last slot's reach.
                    var ahead = Volatile.Read(ref Table[set + way - 1]);
                    Volatile.Write(ref Table[set + way - 1], held);
                    Volatile.Write(ref Table[set + way], ahead);
                }

                return held;
            }
        }

        // A new string takes the first free slot, or the last one.
        for (var way = 0; way < Ways - 1; way++)
        {
            if (Volatile.Read(ref Table[set + way]) is null)
            {
                Volatile.Write(ref Table[set + way], value);
                return value;
            }
        }

        Volatile.Write(ref Table[set + Ways - 1], value);
        return value;
    }

    /// <summary><see cref="Share(string)"/> for a string that may be null.</summary>
    public static string? ShareOrNull(string? value) => value is null ? null : Share(value);
}
