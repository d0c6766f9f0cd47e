namespace CallingBot.Media.Sessions;

/// <summary>
/// The answer to a media connection request: the session to serve the accepted socket with, or why it was refused.
/// </summary>
/// <param name="Session">The admitted session; null when refused.</param>
/// <param name="Refusal">Why it was refused; <see cref="MediaRefusal.None"/> when admitted.</param>
public readonly record struct MediaAdmission(MediaSession? Session, MediaRefusal Refusal)
{
    /// <summary>The refusal as told to the caller (a ProblemDetails <c>detail</c>) and logged; null when admitted.</summary>
    public string? Reason => Describe(Refusal);

    internal static string? Describe(MediaRefusal refusal) => refusal switch
    {
        MediaRefusal.None => null,
        MediaRefusal.NotWebSocketRequest => "not a WebSocket request",
        MediaRefusal.UnknownSession => "unknown media session",
        MediaRefusal.WrongToken => "missing or wrong token",
        MediaRefusal.CallNotKnown => "the session's call is not known",
        MediaRefusal.CallEnded => "the session's call ended",
        MediaRefusal.SessionClosed => "the session is closed",
        MediaRefusal.AlreadyConnected => "the session is already connected",
        _ => throw new ArgumentOutOfRangeException(nameof(refusal), refusal, null),
    };
}
