namespace CallingBot.Emulator;

/// <summary>
/// Checks of <see cref="EmulatorLimits"/> for the control API and the in-process control methods: failures are
/// <see cref="ArgumentException"/>s naming the field (400 on the control API).
/// </summary>
internal static class ArgumentLimits
{
    public static void Length(string? value, int maxLength, string field)
    {
        if (value is { Length: var length } && length > maxLength)
        {
            throw new ArgumentException($"'{field}' must be at most {maxLength} characters; it has {length}.");
        }
    }

    public static void Count<T>(IReadOnlyCollection<T>? values, int maxCount, string field)
    {
        if (values is { Count: var count } && count > maxCount)
        {
            throw new ArgumentException($"'{field}' has {count} entries; at most {maxCount} are accepted.");
        }
    }

    /// <summary>At most <paramref name="maxCount"/> strings of at most <paramref name="maxLength"/> characters each.</summary>
    public static void List(IReadOnlyList<string>? values, int maxCount, int maxLength, string field)
    {
        Count(values, maxCount, field);
        for (var i = 0; i < (values?.Count ?? 0); i++)
        {
            Length(values![i], maxLength, $"{field}[{i}]");
        }
    }

    public static void Json(System.Text.Json.Nodes.JsonNode? value, int maxLength, string field)
    {
        if (value is not null && value.ToJsonString() is { Length: var length } && length > maxLength)
        {
            throw new ArgumentException($"'{field}' must be at most {maxLength} characters of JSON; it has {length}.");
        }
    }
}
