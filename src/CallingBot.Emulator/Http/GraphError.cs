using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Emulator.Http;

/// <summary>Writes errors in Graph's shape: <c>{"error":{"code","message","innerError":{"request-id","date"}}}</c>.</summary>
internal static class GraphError
{
    /// <summary>The code of Graph's 404 for a path it does not serve.</summary>
    public const string ResourceNotFound = "ResourceNotFound";

    public static JsonObject Body(string code, string message, string requestId, DateTimeOffset date) => new()
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["innerError"] = new JsonObject
            {
                ["request-id"] = requestId,
                ["date"] = date.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
            },
        },
    };

    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status400BadRequest => "BadRequest",
        StatusCodes.Status401Unauthorized => "InvalidAuthenticationToken",
        StatusCodes.Status403Forbidden => "Forbidden",
        StatusCodes.Status404NotFound => "NotFound",
        StatusCodes.Status405MethodNotAllowed => "MethodNotAllowed",
        StatusCodes.Status409Conflict => "Conflict",
        StatusCodes.Status413PayloadTooLarge => "RequestEntityTooLarge",
        StatusCodes.Status415UnsupportedMediaType => "UnsupportedMediaType",
        StatusCodes.Status429TooManyRequests => "TooManyRequests",
        StatusCodes.Status502BadGateway => "BadGateway",
        StatusCodes.Status503ServiceUnavailable => "ServiceUnavailable",
        StatusCodes.Status504GatewayTimeout => "GatewayTimeout",
        _ => "InternalServerError",
    };
}
