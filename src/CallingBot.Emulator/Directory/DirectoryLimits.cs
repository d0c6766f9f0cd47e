namespace CallingBot.Emulator.Directory;

/// <summary>Length checks of directory entries against <see cref="EmulatorLimits"/>.</summary>
internal static class DirectoryLimits
{
    public static IEnumerable<string> Check(params (string? Value, int MaxLength, string Field)[] fields)
    {
        foreach (var (value, maxLength, field) in fields)
        {
            if (value is { Length: var length } && length > maxLength)
            {
                yield return $"'{field}' must be at most {maxLength} characters; it has {length}.";
            }
        }
    }
}
