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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first thing that is wrong (<see cref="FindError"/>).</summary>
    public void Validate()
    {
        if (FindError() is { } error)
        {
            throw error.ToException();
        }
    }

    /// <summary>The first rule the request breaks, or null when it is valid.</summary>
    public RequestError? FindError()
    {
        if (Targets is null || Targets.Count == 0)
        {
            return new RequestError(nameof(Targets), "At least one target is required.");
        }

        if (Targets.Any(t => t.Kind == IdentityKind.Phone) && Source?.Kind != IdentityKind.ApplicationInstance)
        {
            return new RequestError(nameof(Source), "Calling a phone number needs an application instance as the source (the bot's calling number).");
        }

        return null;
    }
}
