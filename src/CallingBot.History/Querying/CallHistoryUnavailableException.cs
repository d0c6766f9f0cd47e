namespace CallingBot.History.Querying;

/// <summary>The history store could not answer (unreachable, failing, or its schema is not one this bot knows).</summary>
public sealed class CallHistoryUnavailableException : Exception
{
    public CallHistoryUnavailableException()
    {
    }

    public CallHistoryUnavailableException(string message)
        : base(message)
    {
    }

    public CallHistoryUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
