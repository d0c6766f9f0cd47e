namespace CallingBot.AspNetCore.Api.Contracts;

/// <summary>One call: its state, direction, participants and recent events.</summary>
internal sealed class CallModel
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

    public IReadOnlyList<ParticipantModel> Participants { get; set; } = [];

    /// <summary>The most recent events, oldest first.</summary>
    public IReadOnlyList<CallEventModel> RecentEvents { get; set; } = [];
}
