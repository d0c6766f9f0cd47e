using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using CallingBot.Graph.Media;
using CallingBot.Media.Sessions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// Wires the ACS platform to the host before the first call: the host's media session registry carries app-hosted
/// ACS calls (ACS connects to the same <c>/media/{sessionId}?token=…</c> endpoint as the emulator's Graph side), its
/// public media address is the default <see cref="AcsOptions.MediaStreamingTransportUrl"/>, and when
/// <see cref="AcsOptions.CallbackUrlFromHost"/> is set (local mode) the ACS callback URL becomes the bot's own https
/// address, known once the server listens.
/// </summary>
internal sealed class AcsHostStartup(AcsCallingPlatform platform, IServer server, IOptions<AcsOptions> acs, IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        platform.MediaSessions ??= services.GetService<MediaSessionRegistry>();
        if (services.GetService<IMediaEndpointResolver>() is { } media)
        {
            platform.MediaStreamingUrlResolver ??= media.GetPublicBaseUrl;
        }

        if (acs.Value.CallbackUrlFromHost)
        {
            platform.CallbackUrlResolver = () => new Uri(BaseAddress(server), AcsEndpoints.CallbacksPath.TrimStart('/'));
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The bot's https listener, with wildcard hosts replaced by 127.0.0.1.</summary>
    internal static Uri BaseAddress(IServer server)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var https = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("ACS in local mode needs an https endpoint; none is bound (set --urls https://127.0.0.1:PORT).");
        var local = https.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(local.TrimEnd('/') + "/");
    }
}
