namespace CallingBot.Core.Handlers;

public enum DigitCollectionOutcome
{
    /// <summary>MaxDigits keys were collected.</summary>
    Completed,

    /// <summary>The terminator key was pressed.</summary>
    Terminated,

    /// <summary>No key came within the first-digit or inter-digit timeout; <see cref="DigitCollectionResult.Digits"/> holds what came before.</summary>
    TimedOut,
}

public sealed record DigitCollectionResult(string Digits, DigitCollectionOutcome Outcome);
