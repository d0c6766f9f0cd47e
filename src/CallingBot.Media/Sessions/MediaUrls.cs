namespace CallingBot.Media.Sessions;

/// <summary>The media endpoint's URL shape: <c>{base}/media/{sessionId:N}?token={secret}</c>.</summary>
public static class MediaUrls
{
    /// <summary>Route template of the media WebSocket endpoint.</summary>
    public const string RouteTemplate = "/media/{sessionId}";

    /// <summary>Turns http(s) into ws(s) and makes sure the path ends with a slash.</summary>
    public static Uri ToWebSocketBase(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var builder = new UriBuilder(url)
        {
            Scheme = url.Scheme switch
            {
                "https" or "wss" => "wss",
                "http" or "ws" => "ws",
                _ => throw new ArgumentException($"'{url}' is not an http(s) or ws(s) URL.", nameof(url)),
            },
            Port = url.IsDefaultPort ? -1 : url.Port,
            Query = string.Empty,
        };
        if (!builder.Path.EndsWith('/'))
        {
            builder.Path += "/";
        }

        return builder.Uri;
    }

    public static Uri ForSession(Uri publicBase, Guid sessionId, string token) =>
        new(ToWebSocketBase(publicBase), $"media/{sessionId:N}?token={Uri.EscapeDataString(token)}");
}
