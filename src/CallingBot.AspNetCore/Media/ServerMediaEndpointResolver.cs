using CallingBot.Graph.Media;
using CallingBot.Media.Sessions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Media;

/// <summary>
/// Local mode: the media endpoint is the bot's own https listener (as the callback URL is), unless
/// <see cref="WebSocketMediaOptions.PublicUrl"/> is set.
/// </summary>
internal sealed class ServerMediaEndpointResolver(IServer server, IOptions<WebSocketMediaOptions> options) : IMediaEndpointResolver
{
    public Uri GetPublicBaseUrl()
    {
        if (options.Value.PublicUrl is { } configured)
        {
            return MediaUrls.ToWebSocketBase(configured);
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var https = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("App-hosted media in local mode needs an https endpoint; none is bound (set --urls https://127.0.0.1:PORT).");
        var local = https.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal);
        return MediaUrls.ToWebSocketBase(new Uri(local));
    }
}
