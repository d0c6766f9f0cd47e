namespace CallingBot.Core.Registry;

/// <summary>Settings of the call registry (configuration section <c>CallingBot:CallRegistry</c>).</summary>
public sealed class CallRegistryOptions
{
    public const string SectionName = "CallingBot:CallRegistry";

    /// <summary>
    /// How many ended call ids are remembered (oldest forgotten first) so that late or replayed notifications about
    /// them are ignored. Default 10,000.
    /// </summary>
    public int EndedCallCapacity { get; set; } = 10_000;

    /// <summary>Returns one message per invalid setting, naming it.</summary>
    public IEnumerable<string> Validate()
    {
        if (EndedCallCapacity is < 1 or > 10_000_000)
        {
            yield return $"{SectionName}:{nameof(EndedCallCapacity)} must be between 1 and 10000000 (got {EndedCallCapacity}).";
        }
    }
}
