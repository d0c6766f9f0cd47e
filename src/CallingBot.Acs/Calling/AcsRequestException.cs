using System.Net;

namespace CallingBot.Acs.Calling;

/// <summary>The service answered with an error: carries the HTTP status and the service's error code, message and target.</summary>
public sealed class AcsRequestException : Exception
{
    public AcsRequestException()
    {
    }

    public AcsRequestException(string message)
        : base(message)
    {
    }

    public AcsRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AcsRequestException(HttpStatusCode statusCode, string? errorCode, string? errorMessage, string? target)
        : base(Describe(statusCode, errorCode, errorMessage, target))
    {
        StatusCode = statusCode;
        ErrorCode = errorCode;
        ErrorMessage = errorMessage;
        Target = target;
    }

    public HttpStatusCode StatusCode { get; }

    /// <summary>The service's <c>error.code</c>, or null when the body had none.</summary>
    public string? ErrorCode { get; }

    /// <summary>The service's <c>error.message</c>, or null when the body had none.</summary>
    public string? ErrorMessage { get; }

    /// <summary>The service's <c>error.target</c> (the field the error is about), when given.</summary>
    public string? Target { get; }

    private static string Describe(HttpStatusCode status, string? code, string? message, string? target) =>
        $"Azure Communication Services answered {(int)status} {code ?? status.ToString()}: {message ?? "(no message)"}"
        + (target is null ? string.Empty : $" (target: {target})");
}
