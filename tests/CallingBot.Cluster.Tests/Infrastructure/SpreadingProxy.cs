using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>
/// One public callback URL in front of several bot instances: a YARP reverse proxy on https://127.0.0.1 (with the
/// emulator's certificate, which the emulator trusts) that sends each request to a random instance, without affinity,
/// and counts the requests each instance got.
/// </summary>
public sealed class SpreadingProxy : IAsyncDisposable
{
    private const string ClusterName = "bots";
    private readonly WebApplication _app;

    private SpreadingProxy(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }

    /// <summary>Requests forwarded to each instance, by its address.</summary>
    public ConcurrentDictionary<string, int> Forwarded { get; } = new(StringComparer.Ordinal);

    public static async Task<SpreadingProxy> StartAsync(X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Services.AddReverseProxy().LoadFromMemory([], []);
        var app = builder.Build();
        SpreadingProxy? proxy = null;
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(async (context, next) =>
            {
                await next();
                if (context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.Model.Config.Address is { } address)
                {
                    proxy!.Forwarded.AddOrUpdate(address, 1, (_, n) => n + 1);
                }
            });
            pipeline.UseLoadBalancing();
        });
        await app.StartAsync();
        proxy = new SpreadingProxy(app);
        return proxy;
    }

    /// <summary>Sends requests to <paramref name="instances"/>, each request to one picked at random.</summary>
    public void Spread(IEnumerable<Uri> instances)
    {
        var destinations = instances.Select((uri, i) => (uri, i)).ToDictionary(d => $"bot{d.i}", d => new DestinationConfig { Address = d.uri.AbsoluteUri });
        _app.Services.GetRequiredService<InMemoryConfigProvider>().Update(
            [new RouteConfig { RouteId = "all", ClusterId = ClusterName, Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig { ClusterId = ClusterName, LoadBalancingPolicy = LoadBalancingPolicies.Random, Destinations = destinations }]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
