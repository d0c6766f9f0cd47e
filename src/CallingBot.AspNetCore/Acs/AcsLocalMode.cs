#if CALLINGBOT_EMULATOR
using System.Security.Cryptography;
using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using CallingBot.AspNetCore.LocalMode;
using CallingBot.Emulator.Acs;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// Local mode: the emulator's ACS part is the service. Its endpoint and access key, the callback token's issuer,
/// metadata and audience, an Event Grid subscription with a secret generated at start, and the bot's own address as
/// the callback URL replace whatever configuration says; HttpClients trust the emulator's certificate.
/// </summary>
internal static class AcsLocalMode
{
    public const string SubscriptionName = "callingbot-local";

    /// <summary>The bot's identity on the emulated resource when configuration names none.</summary>
    public const string DefaultSourceUserId = "8:acs:callingbot-local-bot";

    public static void Add(IServiceCollection services)
    {
        var secret = Convert.ToHexString(RandomNumberGenerator.GetBytes(32));
        services.AddOptions<AcsOptions>().PostConfigure<LocalEnvironment>((o, local) =>
        {
            var acs = AcsEmulatorOptions.For(local.Emulator.Options);
            o.ConnectionString = acs.GetConnectionString(local.Emulator.HttpsBaseAddress);
            o.Endpoint = null;
            o.AccessKey = null;
            o.CallbackUrl = null;
            o.CallbackUrlFromHost = true;
            o.SourceUserId ??= DefaultSourceUserId;
        });
        services.AddOptions<AcsEndpointOptions>().PostConfigure<LocalEnvironment>((o, local) =>
        {
            var acs = AcsEmulatorOptions.For(local.Emulator.Options);
            var issuer = local.Emulator.HttpsBaseAddress.AbsoluteUri.TrimEnd('/');
            o.ResourceId = acs.ResourceId;
            o.CallbackTokenIssuer = issuer;
            o.CallbackTokenMetadataUrl = new Uri(issuer + "/calling/.well-known/acsopenidconfiguration");
            o.EventGridSubscriptions = [SubscriptionName];
            o.EventGridSecret = secret;
        });
        foreach (var name in new[] { AcsCallAutomationClient.HttpClientName, AcsCallbackTokenValidator.MetadataHttpClient })
        {
            services.AddHttpClient(name).ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<LocalEnvironment>().Emulator.CreateTrustingHandler());
        }

        services.AddHostedService<AcsLocalSubscription>();
    }
}

/// <summary>
/// Once every hosted service started (the server included, so its address is known): creates the emulator's Event
/// Grid subscription for the bot's IncomingCall endpoint, after the validation handshake as Azure does.
/// </summary>
internal sealed partial class AcsLocalSubscription(LocalEnvironment local, IServer server, IOptions<AcsEndpointOptions> endpoints, ILogger<AcsLocalSubscription> logger) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task StartedAsync(CancellationToken cancellationToken)
    {
        var settings = endpoints.Value;
        var name = settings.EventGridSubscriptions[0];
        var url = new Uri(AcsHostStartup.BaseAddress(server), $"{AcsEndpoints.IncomingPath.TrimStart('/')}?code={Uri.EscapeDataString(settings.EventGridSecret!)}");
        await local.Emulator.AcsControl.SubscribeAsync(name, url, cancellationToken).ConfigureAwait(false);
        Log.LocalSubscriptionCreated(logger, name);
    }

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    private static partial class Log
    {
        [LoggerMessage(EventId = Diagnostics.AspNetCoreEventIds.AcsLocalSubscriptionCreated, EventName = nameof(Diagnostics.AspNetCoreEventIds.AcsLocalSubscriptionCreated), Level = LogLevel.Information, Message = "Local mode: the emulator's Event Grid subscription {Subscription} delivers ACS incoming calls to this bot")]
        public static partial void LocalSubscriptionCreated(ILogger logger, string subscription);
    }
}
#endif
