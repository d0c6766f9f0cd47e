using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Emulator.Http;

/// <summary>Reads a bounded JSON request body.</summary>
internal static class JsonBody
{
    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };
    private static readonly JsonDocumentOptions DocumentOptions = new() { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip, MaxDepth = 64 };

    /// <summary>Reads the body as UTF-8 text, failing with 413 past <paramref name="limit"/> bytes.</summary>
    public static async Task<string> ReadTextAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            throw new GraphRequestException(413, $"The request body is larger than {limit} bytes.");
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[8192];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw new GraphRequestException(413, $"The request body is larger than {limit} bytes.");
            }

            buffer.Write(chunk, 0, read);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>Parses a JSON object; an empty body yields an empty object when <paramref name="allowEmpty"/>.</summary>
    public static JsonObject ParseObject(string text, bool allowEmpty)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return allowEmpty ? [] : throw GraphRequestException.BadRequest("The request body is empty; a JSON object is required.");
        }

        try
        {
            return JsonNode.Parse(text, NodeOptions, DocumentOptions) as JsonObject
                ?? throw GraphRequestException.BadRequest("The request body must be a JSON object.");
        }
        catch (JsonException ex)
        {
            throw GraphRequestException.BadRequest($"The request body is not valid JSON: {ex.Message}");
        }
    }
}
