namespace CallingBot.Core.Handlers;

/// <summary>
/// How to collect DTMF digits, for example "up to 4 digits, end on #, 5 s between digits":
/// <c>new DigitCollectionOptions { MaxDigits = 4, Terminator = '#', InterDigitTimeout = TimeSpan.FromSeconds(5) }</c>.
/// </summary>
public sealed record DigitCollectionOptions
{
    /// <summary>Stop after this many digits (the terminator does not count).</summary>
    public int MaxDigits { get; init; } = 1;

    /// <summary>A key that ends the input early and is not part of the digits.</summary>
    public char? Terminator { get; init; }

    /// <summary>How long to wait for the first key.</summary>
    public TimeSpan FirstDigitTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long to wait between keys once input started.</summary>
    public TimeSpan InterDigitTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Keys pressed before collection started (for example during a prompt) count when true.</summary>
    public bool IncludeBufferedKeys { get; init; } = true;

    public void Validate()
    {
        if (MaxDigits is < 1 or > 64)
        {
            throw new ArgumentOutOfRangeException(nameof(MaxDigits), MaxDigits, "MaxDigits must be between 1 and 64.");
        }

        if (FirstDigitTimeout <= TimeSpan.Zero || InterDigitTimeout <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(InterDigitTimeout), "Digit timeouts must be positive.");
        }

        if (Terminator is { } t && !Dtmf.IsValid(t))
        {
            throw new ArgumentException($"'{t}' is not a DTMF key.", nameof(Terminator));
        }
    }
}
