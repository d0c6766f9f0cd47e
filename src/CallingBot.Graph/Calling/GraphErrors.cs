using CallingBot.Core.Platform;
using Microsoft.Graph.Communications.Core.Exceptions;

namespace CallingBot.Graph.Calling;

/// <summary>
/// Translates the Graph Communications SDK's errors into Core's <see cref="PlatformException"/> at the adapter's
/// boundary, so nothing past it inspects SDK types or HTTP codes. Cancellation and the adapter's own argument or
/// state errors pass through unchanged.
/// </summary>
internal static class GraphErrors
{
    public static async Task RunAsync(string operation, Func<Task> request)
    {
        try
        {
            await request().ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(operation, exception) is { } translated)
        {
            throw translated;
        }
    }

    public static async Task<T> RunAsync<T>(string operation, Func<Task<T>> request)
    {
        try
        {
            return await request().ConfigureAwait(false);
        }
        catch (Exception exception) when (Translate(operation, exception) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>The platform error for an SDK failure, or null when <paramref name="exception"/> is not one.</summary>
    public static PlatformException? Translate(string operation, Exception exception) => exception switch
    {
        ServiceException service => Refused(operation, (int)service.StatusCode, service.Error?.Message, service),
        ClientException client => Refused(operation, (int)client.StatusCode, client.Error?.Message, client),
        Microsoft.Graph.ServiceException graph => Refused(operation, graph.ResponseStatusCode, graph.Message, graph),
        HttpRequestException http => new PlatformException(PlatformErrorKind.Unavailable, $"The calling service could not be reached for {operation}: {http.Message}", http),
        _ => null,
    };

    public static PlatformErrorKind Classify(int statusCode) => statusCode switch
    {
        400 or 422 => PlatformErrorKind.InvalidRequest,
        401 => PlatformErrorKind.Unauthorized,
        403 => PlatformErrorKind.Forbidden,
        404 or 410 => PlatformErrorKind.NotFound,
        409 or 412 => PlatformErrorKind.Conflict,
        429 => PlatformErrorKind.Throttled,
        408 or 500 or 502 or 503 or 504 => PlatformErrorKind.Unavailable,
        _ => PlatformErrorKind.Other,
    };

    private static PlatformException Refused(string operation, int statusCode, string? message, Exception exception) =>
        new(Classify(statusCode), $"The calling service refused {operation} ({statusCode}): {(string.IsNullOrWhiteSpace(message) ? "no reason given" : message)}", exception);
}
