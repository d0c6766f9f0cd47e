using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CallingBot.Cluster.Tests.Failover;

/// <summary>
/// A real redis-server, the emulator as Graph, a reverse proxy as the public callback URL and a few clustered
/// instances (each with a <see cref="FailoverRouter"/> named bot0, bot1, …), disposed together.
/// </summary>
internal sealed class ClusterScene : IAsyncDisposable
{
    public const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    public const string BobId = "8a34a46b-3d17-4adc-8dce-dc4e7d57b0b0";
    public const string CarolId = "8a34a46b-3d17-4adc-8dce-dc4e7d57ca01";
    public static readonly TimeSpan Phase = TimeSpan.FromSeconds(60);

    private RedisServer _redis = null!;
    private SpreadingProxy _proxy = null!;
    private string _clusterId = null!;
    private Uri _callbackUrl = null!;
    private IReadOnlyDictionary<string, string?> _settings = null!;

    public GraphEmulator Emulator { get; private set; } = null!;

    public EmulatorControl Control => Emulator.Control;

    public List<ClusterBot> Bots { get; } = [];

    public FailoverLog Log { get; } = new();

    public static async Task<ClusterScene> StartAsync(int instances, IReadOnlyDictionary<string, string?>? settings = null)
    {
        var scene = new ClusterScene();
        try
        {
            scene._redis = await RedisServer.StartAsync();
            scene.Emulator = await GraphEmulator.StartAsync(new EmulatorOptions { HttpsPort = 0, HttpPort = 0, DataDirectory = null, DefaultTenantId = ClusterBot.TenantId });
            scene._proxy = await SpreadingProxy.StartAsync(scene.Emulator.TlsCertificate);
            scene._callbackUrl = new Uri(scene._proxy.BaseAddress, "/api/calling");
            ClusterBot.Register(scene.Emulator, scene._callbackUrl);
            scene._clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
            var values = new Dictionary<string, string?>(ClusterBot.FastFailureDetection);
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                values[key] = value;
            }

            scene._settings = values;
            for (var i = 0; i < instances; i++)
            {
                await scene.AddBotAsync();
            }

            await ClusterScene.WaitForMembersAsync(scene.Bots, instances, "every instance sees the whole cluster");
            return scene;
        }
        catch
        {
            await scene.DisposeAsync();
            throw;
        }
    }

    public async Task<ClusterBot> AddBotAsync()
    {
        var label = $"bot{Bots.Count}";
        var bot = await ClusterBot.StartAsync(Emulator, _callbackUrl, _redis.ConnectionString, _clusterId, () => new FailoverRouter(label, Log), _settings);
        Bots.Add(bot);
        return bot;
    }

    public string Label(ClusterBot bot) => $"bot{Bots.IndexOf(bot)}";

    /// <summary>Sends every callback to <paramref name="bots"/> only (a load balancer's healthy destinations).</summary>
    public void Route(params IEnumerable<ClusterBot> bots) => _proxy.Spread(bots.Select(b => b.BaseAddress));

    public static Task WaitForMembersAsync(IEnumerable<ClusterBot> bots, int members, string phase) =>
        Eventually.UntilAsync(() => bots.All(b => b.Services.GetRequiredService<CallOwners>().ActiveMemberCount == members), phase, Phase);

    /// <summary>Places an incoming call and waits until its handler saved its state on <paramref name="owner"/> and the owner claimed it.</summary>
    public async Task<string> RingAsync(ClusterBot owner, string callerName = "Alice")
    {
        var callId = await Control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = ClusterBot.AppId, FromUserId = AliceId, FromDisplayName = callerName });
        await Eventually.WithinAsync(Control.WaitForCallStateAsync(callId, "established", Phase), $"call {callId} established", Phase);
        await Eventually.UntilAsync(() => Log.SavedBy.TryGetValue(callId, out var by) && by == Label(owner), $"call {callId}: its handler on {Label(owner)} saved its state", Phase);
        await Eventually.WithinAsync(owner.Services.GetRequiredService<CallingBot.Cluster.Calls.ClusterCallRegistry>().WhenSettledAsync(), $"call {callId} claimed by its owner", Phase);
        return callId;
    }

    /// <summary>Presses <paramref name="keys"/> once the call's handler listens for keys (the emulator drops keys pressed before).</summary>
    public async Task PressKeysAsync(string callId, string keys)
    {
        await Eventually.WithinAsync(Control.WaitForCallAsync(callId, c => c.IsToneSubscribed, "tone subscription", Phase), $"call {callId}: the handler listens for keys", Phase);
        await Control.PressKeysAsync(callId, keys);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var bot in Bots)
        {
            await bot.DisposeAsync();
        }

        if (_proxy is not null)
        {
            await _proxy.DisposeAsync();
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
