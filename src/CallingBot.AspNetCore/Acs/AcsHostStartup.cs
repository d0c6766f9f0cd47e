using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// When <see cref="AcsOptions.CallbackUrlFromHost"/> is set (local mode), the ACS callback URL becomes the bot's own
/// https address, known once the server listens.
/// </summary>
internal sealed class AcsHostStartup(AcsCallingPlatform platform, IServer server, IOptions<AcsOptions> acs) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
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
