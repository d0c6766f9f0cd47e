namespace CallingBot.Emulator.Http;

/// <summary>Ends a Graph request with an error status and a message that says what was wrong.</summary>
public sealed class GraphRequestException : Exception
{
    public GraphRequestException(int statusCode, string message, string? code = null)
        : base(message)
    {
        StatusCode = statusCode;
        Code = code ?? GraphError.CodeFor(statusCode);
    }

    public GraphRequestException()
        : this(500, "Unexpected error.")
    {
    }

    public GraphRequestException(string message)
        : this(400, message)
    {
    }

    public GraphRequestException(string message, Exception innerException)
        : base(message, innerException)
    {
        StatusCode = 400;
        Code = GraphError.CodeFor(400);
    }

    public int StatusCode { get; }

    public string Code { get; }

    public static GraphRequestException BadRequest(string message) => new(400, message);

    public static GraphRequestException NotFound(string message) => new(404, message, "8506");

    public static GraphRequestException Conflict(string message) => new(409, message);

    public static GraphRequestException Forbidden(string message) => new(403, message, "7503");
}
