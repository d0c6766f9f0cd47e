using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;

namespace CallingBot.Cluster.Tests.Failover;

/// <summary>
/// Instances as real processes (<c>dotnet CallingBot.Host.dll</c>, configured by environment), one killed with SIGKILL
/// mid-call: the survivor takes its calls over, and a process started again rejoins the cluster and takes new calls.
/// </summary>
public sealed class ProcessKillTests : IAsyncLifetime
{
    private static readonly TimeSpan Phase = TimeSpan.FromSeconds(90);
    private readonly string _pem = Path.Combine(Path.GetTempPath(), "callingbot-emulator-" + Guid.NewGuid().ToString("N") + ".pem");
    private readonly List<HostProcess> _processes = [];
    private RedisServer _redis = null!;
    private GraphEmulator _emulator = null!;
    private SpreadingProxy _proxy = null!;

    public async Task InitializeAsync()
    {
        _redis = await RedisServer.StartAsync();
        _emulator = await GraphEmulator.StartAsync(new EmulatorOptions { HttpsPort = 0, HttpPort = 0, DataDirectory = null, DefaultTenantId = ClusterBot.TenantId });
        await File.WriteAllTextAsync(_pem, _emulator.TlsCertificate.ExportCertificatePem());
        _proxy = await SpreadingProxy.StartAsync(_emulator.TlsCertificate);
        ClusterBot.Register(_emulator, new Uri(_proxy.BaseAddress, "/api/calling"));
    }

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _proxy.DisposeAsync();
        await _emulator.DisposeAsync();
        await _redis.DisposeAsync();
        File.Delete(_pem);
    }

    [Fact]
    public async Task KilledProcess_SurvivorTakesItsCallOver_RestartedProcessRejoinsAndTakesNewCalls()
    {
        var clusterId = "process-" + Guid.NewGuid().ToString("N")[..8];
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(_redis.ConnectionString);
        var records = redis.GetDatabase();
        var survivor = await StartAsync(clusterId);
        var victim = await StartAsync(clusterId);
        var control = _emulator.Control;

        // The victim takes the call (the load balancer sends it there) and keeps its record in the cluster's Redis.
        _proxy.Spread([victim.BaseAddress]);
        var callId = await RingAsync();
        await Eventually.UntilAsync(() => records.KeyExists(RecordKey(clusterId, callId)), "the victim keeps the call's record in Redis", Phase);
        _proxy.Spread([survivor.BaseAddress]);
        var beforeKill = control.GetTimeline(callId).Max(e => e.Sequence);

        await victim.KillAsync();

        // No notification names the call: the survivor's scan takes it over once the victim is declared dead, which
        // shows at the service as the rehydration's GET of the call (only a take-over reads a call).
        await Eventually.UntilAsync(() => control.GetTimeline(callId).Any(e => e.Sequence > beforeKill && IsGetOf(e, callId)), "the survivor takes the killed process's call over", Phase);
        Assert.Equal("established", control.GetCall(callId)!.State);
        Assert.DoesNotContain(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Request && e.Method == "DELETE");

        // A process started again rejoins the cluster and takes a new call.
        var restarted = await StartAsync(clusterId);
        _proxy.Spread([restarted.BaseAddress]);
        var newCallId = await RingAsync();
        await Eventually.UntilAsync(() => records.KeyExists(RecordKey(clusterId, newCallId)), "the restarted process keeps the new call's record", Phase);

        // A notification for the new call landing on the survivor is handed to the restarted process, a live member:
        // the survivor does not take the call over (no GET of it).
        _proxy.Spread([survivor.BaseAddress]);
        await control.JoinParticipantAsync(newCallId, ClusterScene.BobId, "Bob");
        await Eventually.WithinAsync(control.WaitForDeliveriesAsync(newCallId, Phase), "the join is delivered", Phase);
        Assert.All(control.GetTimeline(newCallId).Where(e => e.Kind == TimelineEntryKind.Notification), e => Assert.InRange(e.StatusCode!.Value, 200, 299));
        Assert.DoesNotContain(control.GetTimeline(newCallId), e => IsGetOf(e, newCallId));

        // Both calls end normally on the remote hang-up: their owners remove their records.
        _proxy.Spread([survivor.BaseAddress, restarted.BaseAddress]);
        foreach (var id in new[] { callId, newCallId })
        {
            await control.HangUpAsync(id);
            await Eventually.UntilAsync(() => !records.KeyExists(RecordKey(clusterId, id)), $"call {id}: its owner ends it and removes its record", Phase);
        }

        Assert.False(survivor.HasExited || restarted.HasExited, "the surviving processes keep running");
    }

    private static StackExchange.Redis.RedisKey RecordKey(string clusterId, string callId) => $"callingbot:callingbot:{clusterId}:live:call:{callId.ToLowerInvariant()}";

    private static bool IsGetOf(TimelineEntry entry, string callId) =>
        entry.Kind == TimelineEntryKind.Request && entry.Method == "GET" && entry.Path!.EndsWith("/communications/calls/" + callId, StringComparison.Ordinal);

    private async Task<HostProcess> StartAsync(string clusterId)
    {
        var process = HostProcess.Start(_emulator, new Uri(_proxy.BaseAddress, "/api/calling"), _redis.ConnectionString, clusterId, _pem, ClusterBot.FastFailureDetection);
        _processes.Add(process);
        await Eventually.UntilAsync(async () => process.HasExited ? throw new InvalidOperationException("The host process exited at start.") : await process.IsReadyAsync(), "a host process starts and is ready", Phase);
        return process;
    }

    private async Task<string> RingAsync()
    {
        var control = _emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = ClusterBot.AppId, FromUserId = ClusterScene.AliceId, FromDisplayName = "Alice" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established", Phase), $"call {callId} established", Phase);
        return callId;
    }
}
