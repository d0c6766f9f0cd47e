namespace CallingBot.Graph.Notifications;

/// <summary>Thrown while reading a resource the fast path does not read exactly as the SDK would: the SDK reads the batch.</summary>
internal sealed class NotOnFastPathException : Exception
{
    public NotOnFastPathException()
    {
    }

    public NotOnFastPathException(string message)
        : base(message)
    {
    }

    public NotOnFastPathException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
