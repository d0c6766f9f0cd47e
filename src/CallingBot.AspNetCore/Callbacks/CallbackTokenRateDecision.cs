namespace CallingBot.AspNetCore.Callbacks;

/// <summary>Whether a callback token may be used once more.</summary>
/// <param name="IsAllowed">False when the token reached its limit for the current window.</param>
/// <param name="RetryAfter">When refused, how long until the window ends.</param>
/// <param name="IsFirstRefusal">True the first time this token is refused (log it once).</param>
internal readonly record struct CallbackTokenRateDecision(bool IsAllowed, TimeSpan RetryAfter, bool IsFirstRefusal)
{
    public static CallbackTokenRateDecision Allowed { get; } = new(true, TimeSpan.Zero, false);
}
