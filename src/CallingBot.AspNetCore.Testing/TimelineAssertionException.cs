namespace CallingBot.AspNetCore.Testing;

/// <summary>A <see cref="CallTimeline"/> assertion failed; the message says what was expected and prints the call's timeline.</summary>
public sealed class TimelineAssertionException : Exception
{
    public TimelineAssertionException()
    {
    }

    public TimelineAssertionException(string message)
        : base(message)
    {
    }

    public TimelineAssertionException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
