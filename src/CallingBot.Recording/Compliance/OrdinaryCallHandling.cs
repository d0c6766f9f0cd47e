namespace CallingBot.Recording.Compliance;

/// <summary>What a service with compliance recording enabled does with calls that are not recording invitations.</summary>
public enum OrdinaryCallHandling
{
    /// <summary>The application's own router decides them, as without recording. The default.</summary>
    Router,

    /// <summary>They are rejected (Forbidden): the deployment records and does nothing else.</summary>
    Decline,
}
