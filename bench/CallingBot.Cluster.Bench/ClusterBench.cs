using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallingBot.Cluster.Bench;

/// <summary>
/// <list type="bullet">
/// <item><c>throughput [calls] [concurrency]</c>: answered calls per second with 1, 2 and 3 instances behind one
/// callback URL, and, from the same runs, the time an instance takes to answer a notification about a call it owns
/// against one it hands to the owner;</item>
/// <item><c>failover [calls]</c>: two instances, calls established on both, one killed (SIGKILL); the time from the
/// kill to the first successful API operation on each of its calls through the survivor.</item>
/// </list>
/// Each run first prints its floor: a bare loopback HTTP round trip to an instance, direct and through the spreader.
/// </summary>
internal static class ClusterBench
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "throughput";
        var root = RepositoryRoot();
        var configuration = "Release";
        PrintMachine();
        return mode switch
        {
            "throughput" => await ThroughputAsync(root, configuration, Argument(args, 1, 300), Argument(args, 2, 16)).ConfigureAwait(false),
            "failover" => await FailoverAsync(root, configuration, Argument(args, 1, 20)).ConfigureAwait(false),
            _ => Usage(),
        };
    }

    private static async Task<int> ThroughputAsync(string root, string configuration, int calls, int concurrency)
    {
        Console.WriteLine($"Answered calls per second: {calls} calls, {concurrency} ringing at a time, each placed, answered, established and hung up.");
        Console.WriteLine();
        Console.WriteLine("| instances | calls/s | place → established p50 (ms) | p99 (ms) | notifications handed over | owner answers p50 / p99 (ms) | handed over p50 / p99 (ms) | floor p50 / p99 (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (var instances = 1; instances <= 3; instances++)
        {
            await using var scene = await ClusterScene.StartAsync(root, configuration).ConfigureAwait(false);
            var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
            for (var i = 0; i < instances; i++)
            {
                await scene.AddInstanceAsync(root, configuration, clusterId).ConfigureAwait(false);
            }

            await scene.WaitForMembersAsync(clusterId, instances).ConfigureAwait(false);
            scene.Spreader.Spread(scene.Instances.Select(i => i.BaseAddress));
            var floor = await FloorAsync(scene).ConfigureAwait(false);

            // Warm-up: JIT, token caches, connections on every instance.
            await RunCallsAsync(scene, 30, concurrency).ConfigureAwait(false);
            scene.Spreader.Deliveries.Clear();

            var watch = Stopwatch.StartNew();
            var established = await RunCallsAsync(scene, calls, concurrency).ConfigureAwait(false);
            var elapsed = watch.Elapsed;
            var (direct, handedOver) = Classify(scene.Spreader.Deliveries.ToArray());
            established.Sort();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {instances} | {calls / elapsed.TotalSeconds:0.0} | {Percentile(established, 50):0.0} | {Percentile(established, 99):0.0} | {handedOver.Count} of {direct.Count + handedOver.Count} | {Percentile(direct, 50):0.0} / {Percentile(direct, 99):0.0} | {(handedOver.Count == 0 ? "—" : $"{Percentile(handedOver, 50):0.0} / {Percentile(handedOver, 99):0.0}")} | {floor.P50:0.00} / {floor.P99:0.00} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Floor: GET /health/live of an instance through the spreader (the same hop every notification takes).");
        return 0;
    }

    private static async Task<int> FailoverAsync(string root, string configuration, int calls)
    {
        await using var scene = await ClusterScene.StartAsync(root, configuration).ConfigureAwait(false);
        var clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
        var survivor = await scene.AddInstanceAsync(root, configuration, clusterId).ConfigureAwait(false);
        var victim = await scene.AddInstanceAsync(root, configuration, clusterId).ConfigureAwait(false);
        await scene.WaitForMembersAsync(clusterId, 2).ConfigureAwait(false);
        scene.Spreader.Spread(scene.Instances.Select(i => i.BaseAddress));
        var floor = await FloorAsync(scene).ConfigureAwait(false);

        // Calls established on both instances, kept up.
        var ids = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            ids.Add(await PlaceAsync(scene).ConfigureAwait(false));
        }

        foreach (var id in ids)
        {
            await WaitStateAsync(scene, id, "established").ConfigureAwait(false);
        }

        var owners = Owners(scene.Spreader.Deliveries.ToArray());
        var victims = ids.Where(id => owners.TryGetValue(id, out var owner) && owner == victim.BaseAddress.AbsoluteUri).ToList();
        Console.WriteLine($"{ids.Count} calls established, {victims.Count} owned by the instance to be killed.");
        scene.Spreader.Spread([survivor.BaseAddress]);

        // After the kill, each of its calls gets one key press through the emulator (a notification Graph retries until
        // an instance accepts it): the call is served again when the survivor answers 2xx, having taken it over.
        var killedAt = Stopwatch.GetTimestamp();
        await victim.Process.KillAsync().ConfigureAwait(false);
        foreach (var id in victims)
        {
            using var keys = await scene.Http.PostAsJsonAsync(new Uri(scene.Control, $"emulator/calls/{id}/keys"), new { keys = "1" }).ConfigureAwait(false);
            keys.EnsureSuccessStatusCode();
        }

        var firstSuccess = new List<double>();
        await ChildProcess.WaitUntilAsync(
            () =>
            {
                var served = scene.Spreader.Deliveries
                    .Where(d => d.AnsweredAt > killedAt && d.Status is >= 200 and < 300 && victims.Contains(d.CallId))
                    .GroupBy(d => d.CallId)
                    .Select(g => Stopwatch.GetElapsedTime(killedAt, g.Min(d => d.AnsweredAt)).TotalMilliseconds)
                    .ToList();
                firstSuccess = served;
                return Task.FromResult(served.Count == victims.Count);
            },
            "every call of the killed instance served again",
            TimeSpan.FromMinutes(5)).ConfigureAwait(false);
        firstSuccess.Sort();
        Console.WriteLine();
        Console.WriteLine("| calls of the killed instance | served again | first (s) | median (s) | last (s) | floor p50 (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {victims.Count} | {firstSuccess.Count} | {firstSuccess[0] / 1000:0.0} | {Percentile(firstSuccess, 50) / 1000:0.0} | {firstSuccess[^1] / 1000:0.0} | {floor.P50:0.00} |"));

        foreach (var id in ids)
        {
            using var _ = await scene.Http.PostAsync(new Uri(scene.Control, $"emulator/calls/{id}/hangUp"), null).ConfigureAwait(false);
        }

        return 0;
    }

    /// <summary>Places, establishes and hangs up <paramref name="calls"/> calls, <paramref name="concurrency"/> at a time; the place → established times (ms).</summary>
    private static async Task<List<double>> RunCallsAsync(ClusterScene scene, int calls, int concurrency)
    {
        var times = new List<double>();
        var next = 0;
        var workers = Enumerable.Range(0, concurrency).Select(async worker =>
        {
            while (Interlocked.Increment(ref next) <= calls)
            {
                var watch = Stopwatch.StartNew();
                var id = await PlaceAsync(scene).ConfigureAwait(false);
                await WaitStateAsync(scene, id, "established").ConfigureAwait(false);
                var established = watch.Elapsed.TotalMilliseconds;
                using (var _ = await scene.Http.PostAsync(new Uri(scene.Control, $"emulator/calls/{id}/hangUp"), null).ConfigureAwait(false))
                {
                }

                await WaitStateAsync(scene, id, "terminated").ConfigureAwait(false);
                lock (times)
                {
                    times.Add(established);
                }
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        return times;
    }

    private static async Task<string> PlaceAsync(ClusterScene scene)
    {
        using var response = await scene.Http.PostAsJsonAsync(new Uri(scene.Control, "emulator/calls"), new { appId = ClusterScene.AppId, fromUserId = CallerId }).ConfigureAwait(false);
        response.EnsureSuccessStatusCode();
        using var call = JsonDocument.Parse(await response.Content.ReadAsStringAsync().ConfigureAwait(false));
        return call.RootElement.GetProperty("id").GetString()!;
    }

    private static async Task WaitStateAsync(ClusterScene scene, string id, string state)
    {
        using var response = await scene.Http.GetAsync(new Uri(scene.Control, $"emulator/calls/{id}/wait?state={state}&timeoutSeconds=60")).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new TimeoutException($"Phase 'call {id} {state}' failed: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}");
        }
    }

    /// <summary>The floor: a bare HTTP round trip through the spreader to an instance's liveness probe (p50, p99 of 500, ms).</summary>
    private static async Task<(double P50, double P99)> FloorAsync(ClusterScene scene)
    {
        var times = new List<double>();
        for (var i = 0; i < 550; i++)
        {
            var watch = Stopwatch.StartNew();
            using var response = await scene.SpreaderHttp.GetAsync(new Uri(scene.Spreader.BaseAddress, "health/live")).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            if (i >= 50)
            {
                times.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        times.Sort();
        return (Percentile(times, 50), Percentile(times, 99));
    }

    /// <summary>Which instance owns each call: the one that got its incoming-call notification.</summary>
    private static Dictionary<string, string> Owners(IEnumerable<Delivery> deliveries)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var delivery in deliveries.Where(d => d.Creates))
        {
            owners.TryAdd(delivery.CallId, delivery.Destination);
        }

        return owners;
    }

    /// <summary>The answer times (ms) of notifications after the first, landing on the call's owner and on another instance.</summary>
    private static (List<double> Direct, List<double> HandedOver) Classify(Delivery[] deliveries)
    {
        var owners = Owners(deliveries);
        var direct = new List<double>();
        var handedOver = new List<double>();
        foreach (var delivery in deliveries.Where(d => !d.Creates && d.Status is >= 200 and < 300))
        {
            if (!owners.TryGetValue(delivery.CallId, out var owner))
            {
                continue;
            }

            (owner == delivery.Destination ? direct : handedOver).Add(delivery.Elapsed.TotalMilliseconds);
        }

        direct.Sort();
        handedOver.Sort();
        return (direct, handedOver);
    }

    private static double Percentile(List<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static int Argument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CallingBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository (CallingBot.sln not found above " + AppContext.BaseDirectory + ").");
    }

    private static void PrintMachine()
    {
        var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";
        Console.WriteLine($"{Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, load average {load}");
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: throughput [calls] [concurrency] | failover [calls]");
        return 2;
    }
}
