namespace CallingBot.Core.Calls;

/// <summary>A rule a request breaks: the property at fault and a message naming what is wrong.</summary>
public sealed record RequestError(string Property, string Message)
{
    /// <summary>The error as the <see cref="ArgumentException"/> a request's <c>Validate()</c> throws.</summary>
    public ArgumentException ToException() => new(Message, Property);
}
