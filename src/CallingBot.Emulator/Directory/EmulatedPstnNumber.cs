namespace CallingBot.Emulator.Directory;

/// <summary>A simulated phone number on the public network, in E.164 form (e.g. +12345678901).</summary>
public sealed class EmulatedPstnNumber
{
    public string Number { get; set; } = "";

    public string? DisplayName { get; set; }

    public CalleeBehavior Behavior { get; set; } = new();

    /// <summary>Every problem with this entry, naming the field.</summary>
    internal IEnumerable<string> Validate()
    {
        if (!PhoneNumbers.IsE164(Number))
        {
            yield return $"'number' ('{(Number.Length <= EmulatorLimits.MaxIdLength ? Number : Number[..EmulatorLimits.MaxIdLength] + "…")}') is not an E.164 phone number.";
        }

        foreach (var problem in DirectoryLimits.Check((DisplayName, EmulatorLimits.MaxDisplayNameLength, "displayName")))
        {
            yield return problem;
        }
    }
}
