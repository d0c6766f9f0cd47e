namespace CallingBot.Graph.Configuration;

/// <summary>
/// Retries and circuit breaker of requests to the Graph calls API (section <c>CallingBot:Graph:Resilience</c>).
/// </summary>
public sealed class GraphResilienceOptions
{
    /// <summary>The SDK gives up on one request after 15 s, and an answer is due within 15 s: budgets stay below it.</summary>
    public static readonly TimeSpan MaxBudget = TimeSpan.FromSeconds(14);

    /// <summary>Retry throttling and server errors, and break the circuit. Default true.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Retries of one request after the first attempt (hang-ups use <see cref="HangUpMaxRetryAttempts"/>). Default 4.</summary>
    public int MaxRetryAttempts { get; set; } = 4;

    /// <summary>Retries of a hang-up (DELETE of a call), which is repeated until the service confirms it or the call is gone. Default 10.</summary>
    public int HangUpMaxRetryAttempts { get; set; } = 10;

    /// <summary>First backoff; it doubles per retry, with jitter. Default 200 ms.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Longest backoff between two attempts. Default 2 s.</summary>
    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>A <c>Retry-After</c> longer than this is not waited for: the request fails as throttled. Default 5 s.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Time one request may take with all its retries (at most 14 s). Default 10 s.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Time a hang-up may take with all its retries (at most 14 s). Default 14 s.</summary>
    public TimeSpan HangUpTimeout { get; set; } = MaxBudget;

    /// <summary>Share of failed attempts within <see cref="BreakerSamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Attempts within <see cref="BreakerSamplingDuration"/> before the breaker may open. Default 20.</summary>
    public int BreakerMinimumThroughput { get; set; } = 20;

    /// <summary>Window the breaker measures failures in. Default 30 s.</summary>
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses requests before it lets one through. Default 5 s.</summary>
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Every problem, each naming the setting under <paramref name="section"/>.</summary>
    public IEnumerable<string> Validate(string section)
    {
        if (MaxRetryAttempts is < 0 or > 20)
        {
            yield return $"{section}:MaxRetryAttempts must be between 0 and 20.";
        }

        if (HangUpMaxRetryAttempts is < 0 or > 100)
        {
            yield return $"{section}:HangUpMaxRetryAttempts must be between 0 and 100.";
        }

        if (BaseDelay < TimeSpan.Zero || BaseDelay > MaxDelay)
        {
            yield return $"{section}:BaseDelay must be between 0 and MaxDelay.";
        }

        if (MaxDelay < TimeSpan.Zero || MaxDelay > MaxBudget)
        {
            yield return $"{section}:MaxDelay must be between 0 and 14 seconds.";
        }

        if (MaxRetryAfter < TimeSpan.Zero || MaxRetryAfter > MaxBudget)
        {
            yield return $"{section}:MaxRetryAfter must be between 0 and 14 seconds.";
        }

        if (TotalTimeout <= TimeSpan.Zero || TotalTimeout > MaxBudget)
        {
            yield return $"{section}:TotalTimeout must be positive and at most 14 seconds (the SDK gives up on a request after 15 s, and an answer is due within 15 s).";
        }

        if (HangUpTimeout <= TimeSpan.Zero || HangUpTimeout > MaxBudget)
        {
            yield return $"{section}:HangUpTimeout must be positive and at most 14 seconds (the SDK gives up on a request after 15 s).";
        }

        if (double.IsNaN(BreakerFailureRatio) || BreakerFailureRatio is <= 0 or > 1)
        {
            yield return $"{section}:BreakerFailureRatio must be greater than 0 and at most 1.";
        }

        if (BreakerMinimumThroughput < 2)
        {
            yield return $"{section}:BreakerMinimumThroughput must be at least 2.";
        }

        if (BreakerSamplingDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{section}:BreakerSamplingDuration must be at least 500 ms.";
        }

        if (BreakDuration < TimeSpan.FromMilliseconds(500))
        {
            yield return $"{section}:BreakDuration must be at least 500 ms.";
        }
    }
}
