namespace CallingBot.Media.Streaming;

/// <summary>A media streaming message (audio JSON or video binary) is malformed, too large or announces an unsupported format.</summary>
public sealed class MediaProtocolException : Exception
{
    public MediaProtocolException()
    {
    }

    public MediaProtocolException(string message)
        : base(message)
    {
    }

    public MediaProtocolException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
