using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using CallingBot.Cluster.Tests.Infrastructure;
using CallingBot.Core.Manager;
using CallingBot.Emulator;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace CallingBot.Cluster.Tests.Calls;

/// <summary>Several instances in one Redis cluster (a real redis-server on loopback), each owning the calls it took.</summary>
public sealed class RedisClusterTests(ITestOutputHelper output)
{
    private const string AliceId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    [Fact]
    public async Task ApiRequests_OnAnInstanceNotHoldingTheCall_AreAnsweredByTheOwner()
    {
        await using var redis = await RedisServer.StartAsync();
        var clusterId = "api-" + Guid.NewGuid().ToString("N")[..8];
        var traces = new ConcurrentDictionary<string, CallTrace>();
        await using var owner = await LocalBot.StartAsync(new AnsweringRouter("owner", traces), redis.ClusterSettings(clusterId));
        await using var other = await LocalBot.StartAsync(new AnsweringRouter("other", traces), redis.ClusterSettings(clusterId));
        using var counters = new ClusterCounters();
        var ownerName = owner.Services.GetRequiredService<CallOwners>().Instance.Name;
        var control = owner.Emulator.Control;
        var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = owner.AppId, FromUserId = AliceId, FromDisplayName = "Alice" });
        await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established"), "the owner's emulator sees the call established");
        await Eventually.UntilAsync(() => traces.TryGetValue(callId, out var t) && t.Events.Count(e => e.Event == "joined") == 2, "the owner's handler sees both participants");
        await Eventually.WithinAsync(owner.Services.GetRequiredService<CallingBot.Cluster.Calls.ClusterCallRegistry>().WhenSettledAsync(), "the owner claims the call");
        using var api = other.CreateApiClient();

        using var call = JsonDocument.Parse(await api.GetStringAsync(new Uri($"/api/v1/calls/{callId}", UriKind.Relative)));
        using var list = JsonDocument.Parse(await api.GetStringAsync(new Uri("/api/v1/calls", UriKind.Relative)));
        using var missing = await api.GetAsync(new Uri($"/api/v1/calls/{Guid.NewGuid()}", UriKind.Relative));
        using var hangUp = await api.DeleteAsync(new Uri($"/api/v1/calls/{callId}", UriKind.Relative));

        Assert.Equal(callId, call.RootElement.GetProperty("id").GetString());
        Assert.Equal("established", call.RootElement.GetProperty("state").GetString());
        var listed = Assert.Single(list.RootElement.GetProperty("calls").EnumerateArray());
        Assert.Equal(callId, listed.GetProperty("id").GetString());
        Assert.Equal(ownerName, listed.GetProperty("instance").GetString());
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, hangUp.StatusCode);
        await Eventually.UntilAsync(() => owner.Manager.ActiveCallCount == 0, "the owner's call ends after the hang-up sent to the other instance");
        Assert.Equal("terminated", control.GetCall(callId)!.State);
        Assert.Equal(2, counters.ApiRequests);
        Assert.Equal(0, other.Manager.ActiveCallCount);
    }

    [Theory]
    [InlineData(30)]
    [InlineData(300)]
    public async Task ManyCalls_NotificationsLandingOnRandomInstances_AreHandledInOrderByEachCallsOwner(int calls)
    {
        await using var redis = await RedisServer.StartAsync();
        await using var emulator = await GraphEmulator.StartAsync(new EmulatorOptions { HttpsPort = 0, HttpPort = 0, DataDirectory = null, DefaultTenantId = ClusterBot.TenantId });
        await using var proxy = await SpreadingProxy.StartAsync(emulator.TlsCertificate);
        var callbackUrl = new Uri(proxy.BaseAddress, "/api/calling");
        ClusterBot.Register(emulator, callbackUrl);
        var clusterId = "spread-" + Guid.NewGuid().ToString("N")[..8];
        var traces = new ConcurrentDictionary<string, CallTrace>();
        var bots = new List<ClusterBot>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var label = $"bot{i}";
                bots.Add(await ClusterBot.StartAsync(emulator, callbackUrl, redis.ConnectionString, clusterId, () => new AnsweringRouter(label, traces)));
            }

            await Eventually.UntilAsync(
                () => bots.All(b => b.Services.GetRequiredService<CallOwners>().Instance is not null && Members(b) == 3),
                "every instance sees the three-member cluster",
                TimeSpan.FromSeconds(60));
            proxy.Spread(bots.Select(b => b.BaseAddress));
            using var counters = new ClusterCounters();
            var control = emulator.Control;

            var callIds = new ConcurrentBag<string>();
            var retried = 0;
            var started = System.Diagnostics.Stopwatch.StartNew();
            var phases = new long[4];
            // Four calls ringing at a time keeps every answer well inside the service's 15 s deadline on a loaded machine.
            await Parallel.ForEachAsync(Enumerable.Range(0, calls), new ParallelOptions { MaxDegreeOfParallelism = 4 }, async (_, cancellationToken) =>
            {
                var callId = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = ClusterBot.AppId, FromUserId = AliceId, FromDisplayName = "Alice" }, cancellationToken);
                callIds.Add(callId);
                var phase = System.Diagnostics.Stopwatch.StartNew();
                await Eventually.WithinAsync(control.WaitForCallStateAsync(callId, "established", TimeSpan.FromSeconds(60), cancellationToken), $"call {callId} established", TimeSpan.FromSeconds(70));
                await Eventually.UntilAsync(() => traces.TryGetValue(callId, out var t) && t.Events.Count(e => e.Event == "joined") == 2, $"call {callId}: its owner's handler sees both participants", TimeSpan.FromSeconds(60));
                Interlocked.Add(ref phases[0], phase.ElapsedMilliseconds);
                phase.Restart();
                await control.HangUpAsync(callId, cancellationToken);
                await Eventually.UntilAsync(() => traces[callId].Events.Any(e => e.Event == "terminated"), $"call {callId}: its owner's handler sees the remote hang-up", TimeSpan.FromSeconds(60));
                Interlocked.Add(ref phases[1], phase.ElapsedMilliseconds);
                await Eventually.WithinAsync(control.WaitForDeliveriesAsync(callId, cancellationToken: cancellationToken), $"call {callId}: the emulator finishes its deliveries", TimeSpan.FromSeconds(60));

                // Checked now: the emulator keeps a bounded number of ended calls.
                Assert.Equal("terminated", control.GetCall(callId)!.State);
                var deleted = Assert.Single(control.GetTimeline(callId), e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"deleted\"", StringComparison.Ordinal));
                Assert.InRange(deleted.StatusCode!.Value, 200, 299);
                Interlocked.Add(ref retried, control.GetTimeline(callId).Count(e => e.Kind == TimelineEntryKind.Notification && e.Attempts > 1));
            });
            output.WriteLine(
                $"{calls} calls in {started.Elapsed.TotalSeconds:F1} s; notifications handled by the owner: {counters.Local} received there, {counters.HandedOver} handed over; " +
                $"retried deliveries: {retried}; requests per instance: {string.Join(", ", proxy.Forwarded.Values)}; " +
                $"mean ms from ringing to both participants seen: {phases[0] / calls}, from hang-up to terminated: {phases[1] / calls}");

            await Eventually.UntilAsync(() => bots.All(b => b.Manager.ActiveCallCount == 0), "every instance's calls leave their managers", TimeSpan.FromSeconds(60));
            Assert.Equal(calls, callIds.Count);
            var owners = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var callId in callIds)
            {
                var events = traces[callId].Events;
                var owner = Assert.Single(events.Select(e => e.Instance).Distinct());
                owners[owner] = owners.GetValueOrDefault(owner) + 1;
                Assert.Equal(["established", "joined", "joined", "terminated"], events.Select(e => e.Event));
                var history = bots[int.Parse(owner[3..], System.Globalization.CultureInfo.InvariantCulture)].Services.GetRequiredService<ICallHistory>();
                Assert.Contains(history.Recent(int.MaxValue), r => r.CallId == callId && r.Outcome == "answered");
            }

            Assert.Equal(3, proxy.Forwarded.Count);
            Assert.All(proxy.Forwarded.Values, n => Assert.True(n > 0));
            Assert.True(counters.HandedOver > 0, "some notifications landed on an instance that does not own their call");
            Assert.True(counters.Local > 0, "some notifications landed on their call's owner");
            Assert.True(owners.Count > 1, "the calls are owned by more than one instance");
        }
        finally
        {
            foreach (var bot in bots)
            {
                await bot.DisposeAsync();
            }
        }
    }

    private static int Members(ClusterBot bot)
    {
        var owners = bot.Services.GetRequiredService<CallOwners>();
        return owners.ActiveMemberCount;
    }


}
