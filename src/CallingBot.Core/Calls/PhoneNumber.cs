namespace CallingBot.Core.Calls;

/// <summary>E.164 validation and masking so full numbers never reach logs.</summary>
public static class PhoneNumber
{
    public static bool IsE164(string? value)
    {
        if (value is null || value.Length is < 8 or > 16 || value[0] != '+' || value[1] == '0')
        {
            return false;
        }

        for (var i = 1; i < value.Length; i++)
        {
            if (!char.IsAsciiDigit(value[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Keeps the country prefix and the last two digits: <c>+1425*****23</c>.</summary>
    public static string Mask(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        if (value.Length <= 6)
        {
            return new string('*', value.Length);
        }

        var keepStart = Math.Min(5, value.Length - 4);
        return string.Concat(value.AsSpan(0, keepStart), new string('*', value.Length - keepStart - 2), value.AsSpan(value.Length - 2));
    }
}
