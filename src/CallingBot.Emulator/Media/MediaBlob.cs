using System.Text.Json;

namespace CallingBot.Emulator.Media;

/// <summary>The parts of an app-hosted media configuration blob the emulator uses.</summary>
internal sealed record MediaBlob(Uri Url, bool Video)
{
    /// <summary>The blob's WebSocket endpoint, or null when the blob does not describe one (for example Microsoft's native media blob).</summary>
    public static MediaBlob? TryParse(string? blob)
    {
        if (string.IsNullOrWhiteSpace(blob))
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(blob, new JsonDocumentOptions { MaxDepth = 16 });
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("transport", out var transport) || !string.Equals(transport.GetString(), "websocket", StringComparison.OrdinalIgnoreCase)
                || !root.TryGetProperty("url", out var url) || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var uri)
                || (uri.Scheme != "wss" && uri.Scheme != "ws"))
            {
                return null;
            }

            return new MediaBlob(uri, root.TryGetProperty("video", out var video) && video.ValueKind == JsonValueKind.Object);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
