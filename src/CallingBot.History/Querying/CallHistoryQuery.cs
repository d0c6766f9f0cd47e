namespace CallingBot.History.Querying;

/// <summary>A search of the history: calls started in [<see cref="From"/>, <see cref="To"/>), newest first, one page at a time.</summary>
public sealed record CallHistoryQuery
{
    /// <summary>Most calls in one page.</summary>
    public const int MaxLimit = 1000;

    /// <summary>Calls that started at or after this time.</summary>
    public DateTimeOffset? From { get; init; }

    /// <summary>Calls that started before this time.</summary>
    public DateTimeOffset? To { get; init; }

    /// <summary><c>incoming</c> or <c>outgoing</c>.</summary>
    public string? Direction { get; init; }

    /// <summary>An outcome as stored (<c>answered</c>, <c>rejected</c>…).</summary>
    public string? Outcome { get; init; }

    /// <summary>The caller's id (phone number or id as given, or already masked); masked like stored ids before it is compared.</summary>
    public string? Caller { get; init; }

    /// <summary>One of the callees' ids, compared like <see cref="Caller"/>.</summary>
    public string? Callee { get; init; }

    /// <summary>Calls in the page, 1 to <see cref="MaxLimit"/>.</summary>
    public int Limit { get; init; } = 100;

    /// <summary>The page continues after this call (from the previous page's <see cref="CallHistoryPage.Next"/>).</summary>
    public CallHistoryCursor? After { get; init; }
}
