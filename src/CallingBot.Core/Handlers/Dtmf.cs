namespace CallingBot.Core.Handlers;

/// <summary>The DTMF key set.</summary>
public static class Dtmf
{
    public const string Keys = "0123456789*#ABCD";

    public static bool IsValid(char key) => Keys.Contains(char.ToUpperInvariant(key), StringComparison.Ordinal);

    public static void ValidateSequence(string tones, string parameterName)
    {
        if (string.IsNullOrEmpty(tones) || tones.Length > 64)
        {
            throw new ArgumentException("Send 1 to 64 DTMF keys.", parameterName);
        }

        foreach (var key in tones)
        {
            if (!IsValid(key))
            {
                throw new ArgumentException($"'{key}' is not a DTMF key (0-9, *, #, A-D).", parameterName);
            }
        }
    }
}
