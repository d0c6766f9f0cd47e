namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// The service cannot start for a reason its message explains in one line, naming what to change (the entry point
/// prints the message, not a stack trace).
/// </summary>
public sealed class CallingBotStartException : Exception
{
    public CallingBotStartException()
    {
    }

    public CallingBotStartException(string message)
        : base(message)
    {
    }

    public CallingBotStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
