namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>A call in the list of active calls.</summary>
internal sealed class CallSummaryModel
{
    public string Id { get; set; } = string.Empty;

    /// <summary><c>incoming</c> or <c>outgoing</c>.</summary>
    public string Direction { get; set; } = string.Empty;

    /// <summary><c>incoming</c>, <c>establishing</c>, <c>established</c>, <c>hold</c>, <c>transferAccepted</c>, <c>redirecting</c>, <c>terminating</c> or <c>terminated</c>.</summary>
    public string State { get; set; } = string.Empty;

    public string? TenantId { get; set; }

    /// <summary><c>serviceHosted</c> or <c>appHosted</c>.</summary>
    public string Media { get; set; } = string.Empty;

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Type name of the handler running the call.</summary>
    public string Handler { get; set; } = string.Empty;

    public int ParticipantCount { get; set; }

    /// <summary>The instance of the service that holds the call (its cluster endpoint, for example <c>10.0.0.4:11111</c>).</summary>
    public string? Instance { get; set; }
}
