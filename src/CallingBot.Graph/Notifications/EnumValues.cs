using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Kiota.Abstractions.Helpers;

namespace CallingBot.Graph.Notifications;

/// <summary>
/// The Graph models' enum values by their wire text, as Kiota reads them (<see cref="EnumHelpers.GetEnumValue{T}(string)"/>:
/// the <c>EnumMember</c> name, else the member's own name in any case, flags comma-separated), remembered per text.
/// Kiota looks the attributes up by reflection for every value it reads; a call's notifications carry a dozen of them.
/// At most <see cref="MaxTexts"/> texts are remembered per enum type; any other text is read by Kiota each time.
/// </summary>
internal static class EnumValues<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicFields)] T>
    where T : struct, Enum
{
    /// <summary>Texts remembered per enum type: far above the members of any Graph enum.</summary>
    internal const int MaxTexts = 256;

    private static readonly ConcurrentDictionary<string, T> Known = new(StringComparer.Ordinal);

    /// <summary>Texts remembered so far (for tests).</summary>
    internal static int Count => Known.Count;

    /// <summary>The value <paramref name="text"/> names, or null when it names none.</summary>
    public static T? Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Known.TryGetValue(text, out var known))
        {
            return known;
        }

        var value = EnumHelpers.GetEnumValue<T>(text);
        if (value is { } named && Known.Count < MaxTexts)
        {
            Known.TryAdd(SharedStrings.Share(text), named);
        }

        return value;
    }
}
