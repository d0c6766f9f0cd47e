using System.Collections.Concurrent;
using CallingBot.Acs.Calling;
using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;
using CallingBot.Emulator;
using CallingBot.Emulator.Acs;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Cluster.Tests.Calls;

/// <summary>
/// ACS in a Redis cluster of two instances behind one public callback URL, against one emulator: callbacks reach the
/// instance holding the call, and an IncomingCall that Event Grid delivers to both instances is handled once.
/// </summary>
public sealed class AcsClusterTests
{
    private const string EventGridSecret = "acs-cluster-tests-event-grid-secret-0123456789";
    private const string BotId = "8:acs:cluster-bot";

    [Fact]
    public async Task Callbacks_LandingOnTheInstanceNotHoldingTheCall_ReachTheOwnersHandler()
    {
        await using var scene = await Scene.StartAsync();
        var owner = scene.Bots[0];
        var other = scene.Bots[1];
        scene.Proxy.Spread([other.BaseAddress]);
        var trace = new CallTrace();

        var call = await owner.Manager.CreateCallAsync(new OutboundCallRequest { Targets = [ParticipantIdentity.User("8:acs:cluster-target")] }, new TracingHandler("owner", trace), CancellationToken.None);

        await Eventually.UntilAsync(() => trace.Events.Contains(("owner", "established")), "the owner's handler sees the call established through the other instance");
        await Eventually.UntilAsync(() => trace.Events.Count(e => e.Event == "joined") == 2, "the owner's handler sees the roster through the other instance");
        Assert.All(trace.Events, e => Assert.Equal("owner", e.Instance));
        Assert.Equal(1, owner.Manager.ActiveCallCount);
        Assert.Equal(0, other.Manager.ActiveCallCount);
        // The proxy counts a forwarded request once its response is back, which can be after the handler saw the event.
        await Eventually.UntilAsync(
            () => scene.Proxy.Forwarded.TryGetValue(other.BaseAddress.AbsoluteUri, out var forwarded) && forwarded >= 2,
            "the proxy counts the callbacks it forwarded to the other instance");
        Assert.Equal("connected", scene.Emulator.AcsControl.FindCall(call.CallId)!.State);
    }

    [Fact]
    public async Task IncomingCall_DeliveredToBothInstances_IsAnsweredOnce()
    {
        await using var scene = await Scene.StartAsync();
        scene.Proxy.Spread(scene.Bots.Select(b => b.BaseAddress));
        for (var i = 0; i < scene.Bots.Count; i++)
        {
            await scene.Emulator.AcsControl.SubscribeAsync($"instance-{i}", new Uri(scene.Bots[i].BaseAddress, $"api/acs/incoming?code={EventGridSecret}"));
        }

        var correlationId = await scene.Emulator.AcsControl.PlaceIncomingCallAsync("8:acs:cluster-caller", BotId, "Caller");

        await Eventually.UntilAsync(() => scene.Traces.TryGetValue(correlationId, out var t) && t.Events.Any(e => e.Event == "established"), "one instance answers and sees the call established");
        Assert.Equal(1, scene.Routed.Values.Sum());
        Assert.Equal(1, scene.Bots.Sum(b => b.Manager.ActiveCallCount));
        var answered = scene.Emulator.AcsControl.FindByCorrelationId(correlationId)!;
        Assert.Equal("connected", answered.State);
    }

    private sealed class Scene : IAsyncDisposable
    {
        private RedisServer _redis = null!;

        public GraphEmulator Emulator { get; private set; } = null!;

        public SpreadingProxy Proxy { get; private set; } = null!;

        public List<ClusterBot> Bots { get; } = [];

        public ConcurrentDictionary<string, CallTrace> Traces { get; } = new();

        /// <summary>How many incoming calls each instance's router saw.</summary>
        public ConcurrentDictionary<string, int> Routed { get; } = new();

        public static async Task<Scene> StartAsync()
        {
            var scene = new Scene();
            try
            {
                scene._redis = await RedisServer.StartAsync();
                var options = new EmulatorOptions
                {
                    HttpsPort = 0, HttpPort = 0, DataDirectory = null, DefaultTenantId = ClusterBot.TenantId,
                    AllowHttpCallbacks = true, MaxDeliveryAttempts = 40, DeliveryRetryDelay = TimeSpan.FromMilliseconds(50),
                };
                AcsEmulatorOptions.AttachTo(options, new AcsEmulatorOptions());
                scene.Emulator = await GraphEmulator.StartAsync(options);
                scene.Proxy = await SpreadingProxy.StartAsync(scene.Emulator.TlsCertificate);
                var callbackUrl = new Uri(scene.Proxy.BaseAddress, "/api/calling");
                ClusterBot.Register(scene.Emulator, callbackUrl);
                var clusterId = "acs-" + Guid.NewGuid().ToString("N")[..8];
                var issuer = scene.Emulator.HttpsBaseAddress.AbsoluteUri.TrimEnd('/');
                var settings = new Dictionary<string, string?>
                {
                    ["CallingBot:Acs:ConnectionString"] = $"endpoint={scene.Emulator.HttpsBaseAddress.AbsoluteUri};accesskey={AcsEmulatorOptions.DefaultAccessKey}",
                    ["CallingBot:Acs:CallbackUrl"] = new Uri(scene.Proxy.BaseAddress, "/api/acs/callbacks").AbsoluteUri,
                    ["CallingBot:Acs:SourceUserId"] = BotId,
                    ["CallingBot:Acs:ResourceId"] = AcsEmulatorOptions.DefaultResourceId,
                    ["CallingBot:Acs:CallbackTokenIssuer"] = issuer,
                    ["CallingBot:Acs:CallbackTokenMetadataUrl"] = issuer + "/calling/.well-known/acsopenidconfiguration",
                    ["CallingBot:Acs:EventGridSubscriptions:0"] = "instance-0",
                    ["CallingBot:Acs:EventGridSubscriptions:1"] = "instance-1",
                    ["CallingBot:Acs:EventGridSecret"] = EventGridSecret,
                    ["CallingBot:Acs:RetryDelay"] = "00:00:00.050",
                };
                void TrustEmulator(WebApplicationBuilder builder)
                {
                    builder.Services.AddHttpClient(AcsCallAutomationClient.HttpClientName).ConfigurePrimaryHttpMessageHandler(() => scene.Emulator.CreateTrustingHandler());
                    builder.Services.AddHttpClient("CallingBot.Acs.CallbackMetadata").ConfigurePrimaryHttpMessageHandler(() => scene.Emulator.CreateTrustingHandler());
                }

                for (var i = 0; i < 2; i++)
                {
                    var label = $"bot{i}";
                    scene.Bots.Add(await ClusterBot.StartAsync(scene.Emulator, callbackUrl, scene._redis.ConnectionString, clusterId, () => new CountingRouter(label, scene), settings, TrustEmulator));
                }

                await Eventually.UntilAsync(
                    () => scene.Bots.All(b => b.Services.GetRequiredService<CallOwners>().ActiveMemberCount == 2),
                    "both instances see the two-member cluster",
                    TimeSpan.FromSeconds(60));
                return scene;
            }
            catch
            {
                await scene.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            foreach (var bot in Bots)
            {
                await bot.DisposeAsync();
            }

            if (Proxy is not null)
            {
                await Proxy.DisposeAsync();
            }

            if (Emulator is not null)
            {
                await Emulator.DisposeAsync();
            }

            if (_redis is not null)
            {
                await _redis.DisposeAsync();
            }
        }
    }

    private sealed class CountingRouter(string instance, Scene scene) : IIncomingCallRouter
    {
        private readonly AnsweringRouter _inner = new(instance, scene.Traces);

        public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken)
        {
            scene.Routed.AddOrUpdate(instance, 1, (_, n) => n + 1);
            return _inner.RouteAsync(call, cancellationToken);
        }
    }

    private sealed class TracingHandler(string instance, CallTrace trace) : CallHandler
    {
        public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
        {
            trace.Add(instance, "established");
            return Task.CompletedTask;
        }

        public override Task OnParticipantJoinedAsync(ICallContext call, ParticipantInfo participant, CancellationToken cancellationToken)
        {
            trace.Add(instance, "joined");
            return Task.CompletedTask;
        }
    }
}
