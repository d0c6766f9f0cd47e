using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// Once the bot listens: when <see cref="AcsOptions.CallbackUrlFromHost"/> is set (local mode), the ACS callback URL
/// becomes the bot's own https address; in local mode, the emulator's Event Grid gets a subscription for
/// the bot's IncomingCall endpoint (after the validation handshake, as Azure does when a subscription is created).
/// </summary>
internal sealed partial class AcsHostStartup(
    AcsCallingPlatform platform,
    IServer server,
    IOptions<AcsOptions> acs,
    IOptions<AcsEndpointOptions> endpoints,
    IServiceProvider services,
    ILogger<AcsHostStartup> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (acs.Value.CallbackUrlFromHost)
        {
            platform.CallbackUrlResolver = () => new Uri(BaseAddress(), AcsEndpoints.CallbacksPath.TrimStart('/'));
        }

        return Task.CompletedTask;
    }

    /// <summary>Runs after every hosted service started, the server included: its address is known.</summary>
    public async Task StartedAsync(CancellationToken cancellationToken)
    {
#if CALLINGBOT_EMULATOR
        if (services.GetService<LocalMode.LocalEnvironment>() is { } local)
        {
            var settings = endpoints.Value;
            var name = settings.EventGridSubscriptions[0];
            var url = new Uri(BaseAddress(), $"{AcsEndpoints.IncomingPath.TrimStart('/')}?code={Uri.EscapeDataString(settings.EventGridSecret!)}");
            await local.Emulator.AcsControl.SubscribeAsync(name, url, cancellationToken).ConfigureAwait(false);
            Log.LocalSubscriptionCreated(logger, name);
        }
#else
        await Task.CompletedTask.ConfigureAwait(false);
#endif
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private Uri BaseAddress()
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var https = addresses.FirstOrDefault(a => a.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException("ACS in local mode needs an https endpoint; none is bound (set --urls https://127.0.0.1:PORT).");
        var local = https.Replace("://[::]", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://0.0.0.0", "://127.0.0.1", StringComparison.Ordinal)
            .Replace("://localhost", "://127.0.0.1", StringComparison.Ordinal);
        return new Uri(local.TrimEnd('/') + "/");
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = Diagnostics.AspNetCoreEventIds.AcsLocalSubscriptionCreated, EventName = nameof(Diagnostics.AspNetCoreEventIds.AcsLocalSubscriptionCreated), Level = LogLevel.Information, Message = "Local mode: the emulator's Event Grid subscription {Subscription} delivers ACS incoming calls to this bot")]
        public static partial void LocalSubscriptionCreated(ILogger logger, string subscription);
    }
}
