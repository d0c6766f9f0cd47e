using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.Model;

namespace CallingBot.Cluster.Bench;

/// <summary>
/// The one callback URL in front of the instances, as a load balancer without affinity: a YARP proxy on
/// https://127.0.0.1 that sends each request to a random instance and times each notification from the moment it is
/// forwarded (its body read) to the instance's answer, noting which call it was about, whether it created the call
/// and which instance got it.
/// </summary>
internal sealed partial class CallbackSpreader : IAsyncDisposable
{
    private const string ClusterName = "bots";
    private readonly WebApplication _app;

    private CallbackSpreader(WebApplication app)
    {
        _app = app;
        BaseAddress = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
    }

    public Uri BaseAddress { get; }

    private int _inFlight;
    private long _lastAnswered;

    public ConcurrentQueue<Delivery> Deliveries { get; } = new();

    /// <summary>Requests forwarded and not answered yet.</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>When the last request was answered (a <see cref="Stopwatch"/> timestamp; 0 before the first).</summary>
    public long LastAnswered => Volatile.Read(ref _lastAnswered);

    /// <param name="certificate">The emulator's own TLS certificate, which it trusts for callbacks (Graph calls https webhooks only).</param>
    public static async Task<CallbackSpreader> StartAsync(System.Security.Cryptography.X509Certificates.X509Certificate2 certificate)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(certificate)));
        builder.Services.AddReverseProxy().LoadFromMemory([], []);
        var app = builder.Build();
        CallbackSpreader? spreader = null;
        app.MapReverseProxy(pipeline =>
        {
            pipeline.Use(async (context, next) =>
            {
                var (callId, creates) = await ReadCallAsync(context.Request).ConfigureAwait(false);
                var started = Stopwatch.GetTimestamp();
                Interlocked.Increment(ref spreader!._inFlight);
                try
                {
                    await next().ConfigureAwait(false);
                }
                finally
                {
                    Interlocked.Decrement(ref spreader._inFlight);
                }

                var answered = Stopwatch.GetTimestamp();
                var destination = context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.Model.Config.Address;
                if (callId is not null && destination is not null && context.Request.Path.StartsWithSegments("/api/calling", StringComparison.Ordinal))
                {
                    spreader.Deliveries.Enqueue(new Delivery(callId, creates, destination, started, answered, context.Response.StatusCode));
                }

                Volatile.Write(ref spreader._lastAnswered, answered);
            });
            pipeline.UseLoadBalancing();
        });
        await app.StartAsync().ConfigureAwait(false);
        spreader = new CallbackSpreader(app);
        return spreader;
    }

    /// <summary>Sends each request to one of <paramref name="instances"/> picked at random.</summary>
    public void Spread(IEnumerable<Uri> instances)
    {
        var destinations = instances.Select((uri, i) => (uri, i)).ToDictionary(d => $"bot{d.i}", d => new DestinationConfig { Address = d.uri.AbsoluteUri });
        _app.Services.GetRequiredService<InMemoryConfigProvider>().Update(
            [new RouteConfig { RouteId = "all", ClusterId = ClusterName, Match = new RouteMatch { Path = "{**catch-all}" } }],
            [new ClusterConfig { ClusterId = ClusterName, LoadBalancingPolicy = LoadBalancingPolicies.Random, Destinations = destinations }]);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>The call a notification batch is about (its first resource URL) and whether it creates the call.</summary>
    private static async Task<(string? CallId, bool Creates)> ReadCallAsync(HttpRequest request)
    {
        if (!HttpMethods.IsPost(request.Method))
        {
            return (null, false);
        }

        request.EnableBuffering();
        var buffer = new byte[8192];
        var read = 0;
        int n;
        while (read < buffer.Length && (n = await request.Body.ReadAsync(buffer.AsMemory(read)).ConfigureAwait(false)) > 0)
        {
            read += n;
        }

        request.Body.Position = 0;
        var text = Encoding.UTF8.GetString(buffer, 0, read);
        var match = CallResource().Match(text);
        return (match.Success ? match.Groups[1].Value : null, text.Contains("\"changeType\":\"created\"", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"/communications/calls/([0-9a-fA-F-]{36})", RegexOptions.CultureInvariant)]
    private static partial Regex CallResource();
}

/// <summary>One notification request forwarded to an instance, and its answer.</summary>
/// <param name="CallId">The call it is about.</param>
/// <param name="Creates">Whether it is the incoming call's <c>created</c> notification (its receiver becomes the owner).</param>
/// <param name="Destination">The instance it was sent to.</param>
/// <param name="StartedAt">When it was forwarded (a <see cref="Stopwatch"/> timestamp).</param>
/// <param name="AnsweredAt">When the instance's answer came back (a <see cref="Stopwatch"/> timestamp).</param>
/// <param name="Status">The instance's HTTP status (502 from the spreader when the instance could not be reached).</param>
internal sealed record Delivery(string CallId, bool Creates, string Destination, long StartedAt, long AnsweredAt, int Status)
{
    public TimeSpan Elapsed => Stopwatch.GetElapsedTime(StartedAt, AnsweredAt);

    public bool Succeeded => Status is >= 200 and < 300;
}
