namespace CallingBot.Graph.Notifications;

/// <summary>
/// A small, fixed-size, process-wide table of the short strings read from notifications, so that the models the SDK
/// keeps for every call share one copy of what every call repeats (type names such as
/// <c>#microsoft.graph.identitySet</c>, additional-data keys such as <c>tenantId</c>, regions, languages, the tenant's
/// and the bot's ids, the callback address) instead of holding a copy per model and per notification.
/// </summary>
/// <remarks>
/// Lossy by design: a string lands in one of the two slots its hash selects, pushing out the older of what was there,
/// and is handed back while it stays there. What every call repeats comes back constantly and is shared; what is unique to a call (its id)
/// passes through. The table never holds more than <see cref="Slots"/> strings of at most <see cref="MaxLength"/>
/// characters (about 150 KB at worst), whatever the traffic, and needs no lock: a slot is one reference, read and
/// written whole, and a race only costs a copy.
/// </remarks>
internal static class SharedStrings
{
    /// <summary>The number of slots (a power of two).</summary>
    public const int Slots = 1024;

    /// <summary>Longer strings are not shared: names and identifiers are short, text is not worth the slot.</summary>
    public const int MaxLength = 64;

    private static readonly string?[] Table = new string?[Slots];

    /// <summary>The copy of <paramref name="value"/> the table holds, or <paramref name="value"/> itself (then held).</summary>
    public static string Share(string value)
    {
        if (value.Length is 0 or > MaxLength)
        {
            return value;
        }

        // Two slots per hash: two strings every call repeats whose hashes meet keep a slot each instead of replacing
        // each other at every use. A new string takes the first slot and moves what was there to the second.
        var set = (value.GetHashCode() & ((Slots / 2) - 1)) * 2;
        var first = Volatile.Read(ref Table[set]);
        if (first is not null && string.Equals(first, value, StringComparison.Ordinal))
        {
            return first;
        }

        var second = Volatile.Read(ref Table[set + 1]);
        if (second is not null && string.Equals(second, value, StringComparison.Ordinal))
        {
            return second;
        }

        Volatile.Write(ref Table[set + 1], first);
        Volatile.Write(ref Table[set], value);
        return value;
    }

    /// <summary><see cref="Share(string)"/> for a string that may be null.</summary>
    public static string? ShareOrNull(string? value) => value is null ? null : Share(value);
}
