namespace CallingBot.Emulator.Faults;

/// <summary>
/// One fault rule for Graph requests: which operations it hits, how often, and what happens to a request it hits
/// (first <see cref="Delay"/>, then <see cref="Drop"/> or one of <see cref="Statuses"/>, or else a normal answer).
/// </summary>
public sealed class GraphFault
{
    /// <summary>The HTTP statuses a rule may answer with: throttling and server errors.</summary>
    public static IReadOnlySet<int> AllowedStatuses { get; } = new HashSet<int> { 429, 500, 502, 503, 504 };

    /// <summary>Operation names (<see cref="GraphOperations"/>) the rule applies to; empty means every calling operation.</summary>
    public List<string> Operations { get; set; } = [];

    /// <summary>Chance (0 to 1) that a matching request is hit. Default 1.</summary>
    public double Probability { get; set; } = 1;

    /// <summary>Statuses to answer with (one is picked at random per hit) from 429, 500, 502, 503, 504; empty answers normally.</summary>
    public List<int> Statuses { get; set; } = [];

    /// <summary>Sent as the <c>Retry-After</c> header (whole seconds, rounded up) with a fault status; null sends none.</summary>
    public TimeSpan? RetryAfter { get; set; }

    /// <summary>Close the connection without a response; the request is not processed.</summary>
    public bool Drop { get; set; }

    /// <summary>Hold the request this long (on the emulator's clock) before answering or dropping it.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>How many requests the rule may hit at most; null means no limit.</summary>
    public int? Times { get; set; }

    internal IEnumerable<string> Validate(string prefix)
    {
        foreach (var operation in Operations)
        {
            if (!GraphOperations.All.Contains(operation))
            {
                yield return $"{prefix}:Operations: '{operation}' is not a Graph calling operation; use one of {string.Join(", ", GraphOperations.All)}.";
            }
        }

        if (double.IsNaN(Probability) || Probability is < 0 or > 1)
        {
            yield return $"{prefix}:Probability must be between 0 and 1.";
        }

        foreach (var status in Statuses)
        {
            if (!AllowedStatuses.Contains(status))
            {
                yield return $"{prefix}:Statuses: {status} is not one of 429, 500, 502, 503, 504.";
            }
        }

        if (Drop && Statuses.Count > 0)
        {
            yield return $"{prefix}: Drop and Statuses exclude each other.";
        }

        if (!Drop && Statuses.Count == 0 && Delay <= TimeSpan.Zero)
        {
            yield return $"{prefix} does nothing: set Statuses, Drop or a positive Delay.";
        }

        if (RetryAfter is { } retryAfter && (retryAfter < TimeSpan.Zero || retryAfter > TimeSpan.FromHours(1)))
        {
            yield return $"{prefix}:RetryAfter must be between 0 and 1 hour.";
        }

        if (Delay < TimeSpan.Zero || Delay > TimeSpan.FromHours(1))
        {
            yield return $"{prefix}:Delay must be between 0 and 1 hour.";
        }

        if (Times is < 1)
        {
            yield return $"{prefix}:Times must be at least 1, or null for no limit.";
        }
    }
}
