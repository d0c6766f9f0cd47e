namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// Stands in for a logged exception whose text needed cleaning (see <see cref="LogRedactor"/>). It renders exactly
/// like the original (type names, messages, inner exceptions, stack frames), only cleaned; <see cref="OriginalType"/>
/// keeps the original's type for sinks that group by it.
/// </summary>
internal sealed class RedactedException : Exception
{
    private readonly string? _text;
    private readonly string? _stackTrace;

    internal RedactedException(Exception original, string text, string message, string? stackTrace)
        : base(message)
    {
        OriginalType = original.GetType().FullName ?? original.GetType().Name;
        HResult = original.HResult;
        _text = text;
        _stackTrace = stackTrace;
    }

    public RedactedException()
    {
        OriginalType = typeof(RedactedException).FullName!;
    }

    public RedactedException(string message)
        : base(message)
    {
        OriginalType = typeof(RedactedException).FullName!;
    }

    public RedactedException(string message, Exception innerException)
        : base(message, innerException)
    {
        OriginalType = typeof(RedactedException).FullName!;
    }

    /// <summary>Full name of the exception type that was logged.</summary>
    public string OriginalType { get; }

    public override string? StackTrace => _stackTrace ?? base.StackTrace;

    public override string ToString() => _text ?? base.ToString();
}
