namespace CallingBot.Core.Calls;

/// <summary>
/// A call the bot places: one target is a peer-to-peer call, several a group call. A phone target needs
/// <see cref="Source"/> to be the application instance that owns the calling number.
/// </summary>
public sealed record OutboundCallRequest
{
    public required IReadOnlyList<ParticipantIdentity> Targets { get; init; }

    public string? TenantId { get; init; }

    public ParticipantIdentity? Source { get; init; }

    public MediaHosting Media { get; init; } = MediaHosting.ServiceHosted;

    public string? Subject { get; init; }

    /// <summary>Throws <see cref="ArgumentException"/> naming the first thing that is wrong.</summary>
    public void Validate()
    {
        if (Targets is null || Targets.Count == 0)
        {
            throw new ArgumentException("At least one target is required.", nameof(Targets));
        }

        if (Targets.Any(t => t.Kind == IdentityKind.Phone) && Source?.Kind != IdentityKind.ApplicationInstance)
        {
            throw new ArgumentException("Calling a phone number needs an application instance as the source (the bot's calling number).", nameof(Source));
        }
    }
}
