using System.Net;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Host.Callbacks;
using CallingBot.Host.Hosting;
using CallingBot.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>
/// One instance of a clustered bot: the real host in real mode against a shared emulator (as against Graph), its
/// silo in the Redis cluster, listening on plain http://127.0.0.1 behind the public callback URL of a proxy.
/// </summary>
public sealed class ClusterBot : IAsyncDisposable
{
    public const string AppId = "5c1a2b3c-0000-4000-8000-00000000c1a5";
    public const string TenantId = "5c1a2b3c-0000-4000-8000-00000000ca11";
    public const string ClientSecret = "cluster-test-client-secret-0123456789";

    private readonly WebApplication _app;

    private ClusterBot(WebApplication app)
    {
        _app = app;
        Services = app.Services;
        Manager = Services.GetRequiredService<ICallManager>();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        Name = Services.GetRequiredService<CallOwners>().Instance.Name;
    }

    public IServiceProvider Services { get; }

    public ICallManager Manager { get; }

    public Uri BaseAddress { get; }

    /// <summary>The instance's name in the cluster.</summary>
    public string Name { get; }

    /// <summary>Registers the bot application (its secret and public callback URL) with the emulator.</summary>
    public static void Register(GraphEmulator emulator, Uri callbackUrl) => emulator.RegisterApplication(new CallingBot.Emulator.Identity.EmulatedApplication
    {
        AppId = AppId,
        DisplayName = "CallingBot (cluster test)",
        TenantId = TenantId,
        ClientSecret = ClientSecret,
        CallbackUri = callbackUrl,
    });

    public static async Task<ClusterBot> StartAsync(GraphEmulator emulator, Uri callbackUrl, string redis, string clusterId, Func<IIncomingCallRouter> router)
    {
        var app = await CallingBotApplication.CreateAsync(["--urls", "http://127.0.0.1:0", "--environment", "Testing"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Real",
                ["CallingBot:Graph:AppId"] = AppId,
                ["CallingBot:Graph:TenantId"] = TenantId,
                ["CallingBot:Graph:ClientSecret"] = ClientSecret,
                ["CallingBot:Graph:CallbackUrl"] = callbackUrl.AbsoluteUri,
                ["CallingBot:Graph:VerifyCredentialsAtStart"] = "false",
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:05",
                ["CallingBot:Cluster:Mode"] = "Redis",
                ["CallingBot:Cluster:RedisConnectionString"] = redis,
                ["CallingBot:Cluster:ClusterId"] = clusterId,
                ["CallingBot:Cluster:AdvertisedAddress"] = IPAddress.Loopback.ToString(),
                ["CallingBot:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
            builder.Services.Replace(ServiceDescriptor.Singleton(router()));
            builder.Services.UseEmulatorAsGraph(emulator);
        });
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        return new ClusterBot(app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
