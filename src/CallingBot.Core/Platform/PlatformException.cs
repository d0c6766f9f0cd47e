namespace CallingBot.Core.Platform;

/// <summary>
/// The calling service refused or failed a request. Adapters (Graph, ACS) translate their SDK's or REST client's
/// errors into this type at the <see cref="ICallingPlatform"/> / <see cref="IPlatformCall"/> boundary, keeping the
/// original as <see cref="Exception.InnerException"/>; its message is the service's own explanation.
/// </summary>
public sealed class PlatformException : Exception
{
    public PlatformException()
    {
    }

    public PlatformException(string message)
        : base(message)
    {
    }

    public PlatformException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public PlatformException(PlatformErrorKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    public PlatformErrorKind Kind { get; }

    /// <summary>
    /// True when the refusal means the call itself is gone or is not the bot's: the service does not know it
    /// (<see cref="PlatformErrorKind.NotFound"/>), refuses the bot (<see cref="PlatformErrorKind.Forbidden"/>) or says
    /// its state no longer allows the request (<see cref="PlatformErrorKind.Conflict"/>). Retrying cannot help.
    /// </summary>
    public bool IsTerminalForCall => Kind is PlatformErrorKind.NotFound or PlatformErrorKind.Forbidden or PlatformErrorKind.Conflict;
}
