using CallingBot.Media.Sessions;
using Microsoft.Extensions.Options;

namespace CallingBot.Graph.Media;

/// <summary>Reads <see cref="WebSocketMediaOptions.PublicUrl"/>.</summary>
public sealed class ConfiguredMediaEndpointResolver(IOptions<WebSocketMediaOptions> options) : IMediaEndpointResolver
{
    public Uri GetPublicBaseUrl() =>
        options.Value.PublicUrl is { } url
            ? MediaUrls.ToWebSocketBase(url)
            : throw new InvalidOperationException($"App-hosted media needs {WebSocketMediaOptions.SectionName}:PublicUrl (the bot's public wss:// address).");
}
