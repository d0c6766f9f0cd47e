namespace CallingBot.Emulator.Directory;

/// <summary>E.164 checks.</summary>
internal static class PhoneNumbers
{
    /// <summary>True for <c>+</c> followed by 8 to 15 digits, the first not zero.</summary>
    public static bool IsE164(string? value)
    {
        if (value is null || value.Length < 9 || value.Length > 16 || value[0] != '+' || value[1] == '0')
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
}
