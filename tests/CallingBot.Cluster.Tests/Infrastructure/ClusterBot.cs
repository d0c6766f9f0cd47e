using System.Net;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Graph.Authentication;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Testing.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
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
    private readonly CrashSwitch _crash;

    private ClusterBot(WebApplication app, CrashSwitch crash)
    {
        _app = app;
        _crash = crash;
        Services = app.Services;
        Manager = Services.GetRequiredService<ICallManager>();
        BaseAddress = new Uri(Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First(a => a.StartsWith("http://", StringComparison.Ordinal)));
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

    /// <summary>Failure detection shortened by configuration, so that a killed instance is declared dead within a few seconds.</summary>
    public static IReadOnlyDictionary<string, string?> FastFailureDetection { get; } = new Dictionary<string, string?>
    {
        ["CallingBot:Cluster:ProbeTimeout"] = "00:00:00.500",
        ["CallingBot:Cluster:MissedProbesLimit"] = "2",
        ["CallingBot:Cluster:MembershipRefreshInterval"] = "00:00:02",
    };

    public bool Crashed => _crash.Crashed;

    public static async Task<ClusterBot> StartAsync(GraphEmulator emulator, Uri callbackUrl, string redis, string clusterId, Func<IIncomingCallRouter> router, IReadOnlyDictionary<string, string?>? settings = null, Action<WebApplicationBuilder>? configure = null)
    {
        var crash = new CrashSwitch();
        var port = RedisServer.FreePort();
        var mediaPort = RedisServer.FreePort();
        var app = await CallingBotApplication.CreateAsync(["--environment", "Testing"], builder =>
        {
            // Callbacks over plain http behind the proxy; app-hosted media straight to this instance over TLS.
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(IPAddress.Loopback, port);
                kestrel.Listen(IPAddress.Loopback, mediaPort, listen => listen.UseHttps(emulator.TlsCertificate));
            });
            var values = new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Real",
                ["CallingBot:Graph:AppId"] = AppId,
                ["CallingBot:Graph:TenantId"] = TenantId,
                ["CallingBot:Graph:ClientSecret"] = ClientSecret,
                ["CallingBot:Graph:CallbackUrl"] = callbackUrl.AbsoluteUri,
                ["CallingBot:Graph:VerifyCredentialsAtStart"] = "false",
                ["CallingBot:Logging:MinimumLevel"] = "Warning",
                ["CallingBot:DrainTimeout"] = "00:00:05",
                ["CallingBot:Media:PublicUrl"] = $"https://127.0.0.1:{mediaPort}",
                ["CallingBot:Cluster:Mode"] = "Redis",
                ["CallingBot:Cluster:RedisConnectionString"] = redis,
                ["CallingBot:Cluster:ClusterId"] = clusterId,
                ["CallingBot:Cluster:AdvertisedAddress"] = IPAddress.Loopback.ToString(),
                ["CallingBot:Cluster:SiloPort"] = RedisServer.FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(values);
            builder.Services.Replace(ServiceDescriptor.Singleton(router()));
            builder.Services.UseEmulatorAsGraph(emulator);
            builder.Services.AddHttpClient(GraphHttpClients.Graph).AddHttpMessageHandler(() => new CrashHandler(crash));
            configure?.Invoke(builder);
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

        return new ClusterBot(app, crash);
    }

    /// <summary>
    /// Gone, as a killed process is: the Graph client fails every request from now on, the listener closes at once and
    /// the silo stops without leaving the cluster (the others find it dead by probing). Nothing is drained, hung up or
    /// released; the object stays in memory until disposed.
    /// </summary>
    public async Task KillAsync()
    {
        _crash.Crashed = true;
        using var now = new CancellationTokenSource();
        await now.CancelAsync();
        try
        {
            await Services.GetRequiredService<IServer>().StopAsync(now.Token);
        }
        catch (OperationCanceledException)
        {
        }

        await Services.GetRequiredService<ClusterSilo>().KillAsync();
    }

    /// <summary>Stops the instance as SIGTERM does (graceful: its drain runs).</summary>
    public Task StopAsync() => _app.StopAsync();

    public async ValueTask DisposeAsync()
    {
        if (_crash.Crashed)
        {
            // A killed process says nothing more: stop without letting it drain against the service.
            using var now = new CancellationTokenSource();
            await now.CancelAsync();
            try
            {
                await _app.StopAsync(now.Token);
            }
            catch (OperationCanceledException)
            {
            }
        }
        else
        {
            await _app.StopAsync();
        }

        await _app.DisposeAsync();
    }

    private sealed class CrashSwitch
    {
        public volatile bool Crashed;
    }

    private sealed class CrashHandler(CrashSwitch crash) : DelegatingHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            crash.Crashed
                ? Task.FromException<HttpResponseMessage>(new HttpRequestException("The process is gone (simulated kill)."))
                : base.SendAsync(request, cancellationToken);
    }

}
