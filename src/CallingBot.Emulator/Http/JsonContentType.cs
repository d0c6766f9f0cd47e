using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace CallingBot.Emulator.Http;

/// <summary>Request bodies are JSON, as in Graph: other content types get 415.</summary>
internal static class JsonContentType
{
    /// <summary>True for <c>application/json</c> and <c>application/*+json</c>, with any parameters (charset).</summary>
    public static bool IsJson(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var media))
        {
            return false;
        }

        return media.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase)
            || (media.Type.Equals("application", StringComparison.OrdinalIgnoreCase) && media.Suffix.Equals("json", StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>Fails with 415 unless the request declares a JSON body.</summary>
    public static void Require(HttpRequest request)
    {
        if (!IsJson(request.ContentType))
        {
            throw Unsupported(request.ContentType);
        }
    }

    /// <summary>Fails with 415 when the request carries a body that is not declared as JSON; a request without a body passes.</summary>
    public static void RequireWhenPresent(HttpRequest request)
    {
        if (HasBody(request) && !IsJson(request.ContentType))
        {
            throw Unsupported(request.ContentType);
        }
    }

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength is > 0
        || (request.ContentLength is null && request.HttpContext.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpRequestBodyDetectionFeature>()?.CanHaveBody == true)
        || !string.IsNullOrEmpty(request.ContentType);

    private static GraphRequestException Unsupported(string? contentType) => new(
        StatusCodes.Status415UnsupportedMediaType,
        string.IsNullOrEmpty(contentType)
            ? "The request body must be JSON: set the Content-Type header to application/json."
            : $"The content type '{(contentType.Length <= 100 ? contentType : contentType[..100])}' is not supported: the request body must be JSON (Content-Type: application/json).");
}
