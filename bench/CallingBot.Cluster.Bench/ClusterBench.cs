using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;

namespace CallingBot.Cluster.Bench;

/// <summary>
/// <list type="bullet">
/// <item><c>throughput [calls] [concurrency] [instances]</c>: answered calls per second with 1, 2, … instances behind
/// one callback URL, and from the same runs the answer times of notifications that land on their call's owner and on
/// another instance, under load;</item>
/// <item><c>handover [calls] [instances]</c>: one call at a time, so that a notification's answer time is its work and
/// the hop to the owner rather than a queue: the latency a non-owner adds;</item>
/// <item><c>failover [calls] [probe timeout s] [missed probes] [rounds]</c>: two instances, calls established on both,
/// one killed with SIGKILL; the time from the kill to its death in the membership table and to the first notification
/// about each of its calls that the survivor accepts, having taken the call over; repeated with fresh instances.</item>
/// </list>
/// Each run measures its own floor first: a bare loopback HTTPS round trip through the spreader to an instance.
/// </summary>
internal static class ClusterBench
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private const string Configuration = "Release";
    private const int WarmUpCalls = 30;

    /// <summary>Above this 1-minute load average the machine is not idle and the figures are not to be recorded.</summary>
    private const double IdleLoad = 1.5;

    /// <summary>How long (in ProbeTimeouts since both instances joined) the failover run holds the cluster before the kill.</summary>
    private const int SteadyProbes = 8;

    /// <summary>How often the failover run retries a call's notification after a failed one (standing in for Graph's retries).</summary>
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "throughput";
        var root = RepositoryRoot();
        PrintMachine();
        var code = mode switch
        {
            "throughput" => await ThroughputAsync(root, Argument(args, 1, 300), Argument(args, 2, 16), Argument(args, 3, 3)).ConfigureAwait(false),
            "handover" => await HandOverAsync(root, Argument(args, 1, 300), Argument(args, 2, 2)).ConfigureAwait(false),
            "failover" => await FailoverAsync(root, Argument(args, 1, 20), Seconds(args, 2, 5), Argument(args, 3, 3), Argument(args, 4, 5)).ConfigureAwait(false),
            _ => Usage(),
        };
        Console.WriteLine($"Load average at the end: {LoadAverage()}");
        return code;
    }

    private static async Task<int> ThroughputAsync(string root, int calls, int concurrency, int maxInstances)
    {
        Console.WriteLine($"Answered calls per second: {calls} calls after {WarmUpCalls} warm-up calls, {concurrency} at a time, each rung by the emulator, answered, established and hung up by the caller; notifications spread at random over the instances.");
        Console.WriteLine();
        Console.WriteLine("| instances | calls/s | × 1 instance | ring → established p50 / p99 (ms) | notifications on a non-owner | on the owner p50 / p99 (ms) | on a non-owner p50 / p99 (ms) | floor p50 / p99 (ms) | owner p50 ÷ floor p50 | 1-min load at start |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        double? single = null;
        for (var instances = 1; instances <= maxInstances; instances++)
        {
            var load = await WaitForQuietAsync().ConfigureAwait(false);
            await using var scene = await StartClusterAsync(root, instances).ConfigureAwait(false);
            var floor = await FloorAsync(scene).ConfigureAwait(false);
            await RunCallsAsync(scene, WarmUpCalls, concurrency, quiesce: false).ConfigureAwait(false);
            await SettleAsync(scene).ConfigureAwait(false);
            scene.Spreader.Deliveries.Clear();

            var watch = Stopwatch.StartNew();
            var established = await RunCallsAsync(scene, calls, concurrency, quiesce: false).ConfigureAwait(false);
            var rate = calls / watch.Elapsed.TotalSeconds;
            await SettleAsync(scene).ConfigureAwait(false);
            var (owner, other) = Classify(scene.Spreader.Deliveries.ToArray());
            single ??= rate;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {instances} | {rate:0.0} | {rate / single.Value:0.00} | {Percentile(established, 50):0.0} / {Percentile(established, 99):0.0} | {other.Count} of {owner.Count + other.Count} | {Pair(owner)} | {Pair(other)} | {floor.P50:0.00} / {floor.P99:0.00} | {Percentile(owner, 50) / floor.P50:0} | {load:0.00} |"));
        }

        PrintFloorNote();
        return 0;
    }

    private static async Task<int> HandOverAsync(string root, int calls, int instances)
    {
        Console.WriteLine($"Hand-over latency: {instances} instances, {calls} calls after {WarmUpCalls} warm-up calls, one at a time; the answer time of every notification after a call's first, on the call's owner and on another instance.");
        Console.WriteLine();
        var load = await WaitForQuietAsync().ConfigureAwait(false);
        await using var scene = await StartClusterAsync(root, instances).ConfigureAwait(false);
        var floor = await FloorAsync(scene).ConfigureAwait(false);
        await RunCallsAsync(scene, WarmUpCalls, 1, quiesce: true).ConfigureAwait(false);
        scene.Spreader.Deliveries.Clear();
        await RunCallsAsync(scene, calls, 1, quiesce: true).ConfigureAwait(false);
        var (owner, other) = Classify(scene.Spreader.Deliveries.ToArray());
        if (other.Count == 0)
        {
            Console.Error.WriteLine("No notification landed on a non-owner: run with two instances or more.");
            return 1;
        }

        var added50 = Percentile(other, 50) - Percentile(owner, 50);
        var added99 = Percentile(other, 99) - Percentile(owner, 99);
        Console.WriteLine("| instances | on the owner | on a non-owner | owner p50 / p99 (ms) | non-owner p50 / p99 (ms) | added p50 / p99 (ms) | floor p50 / p99 (ms) | added p50 ÷ floor p50 | 1-min load at start |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {instances} | {owner.Count} | {other.Count} | {Pair(owner)} | {Pair(other)} | {added50:0.0} / {added99:0.0} | {floor.P50:0.00} / {floor.P99:0.00} | {added50 / floor.P50:0.0} | {load:0.00} |"));
        PrintFloorNote();
        return 0;
    }

    private static async Task<int> FailoverAsync(string root, int calls, TimeSpan probeTimeout, int missedProbes, int rounds)
    {
        var detection = probeTimeout * missedProbes;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Failover: {rounds} round(s), each with 2 fresh instances (ProbeTimeout {probeTimeout.TotalSeconds:0.###} s × MissedProbesLimit {missedProbes} = {detection.TotalSeconds:0.###} s) and {calls} calls established, held until {SteadyProbes} × ProbeTimeout after both joined (Orleans' probing in its steady state); then the instance owning some of them is killed (SIGKILL). Each of its calls then gets a participant joining through the emulator, which gives a failed delivery up at once; the bench sends the next one {ProbeInterval.TotalMilliseconds:0} ms after each failure. Measured from the kill: when the membership table in Redis lists the instance dead (polled every 20 ms), and each call's first 2xx answer from the survivor (it answers once it has taken the call over)."));
        Console.WriteLine();
        Console.WriteLine("| round | calls of the killed instance (all served again) | declared dead (s) | first / median / last served (s) | failed notifications before (answered p50 / max, ms) | floor p50 (ms) | first ÷ (ProbeTimeout × MissedProbesLimit) | 1-min load at start |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|---:|");
        var firsts = new List<double>();
        var declared = new List<double>();
        var takeOvers = new List<double>();
        for (var round = 1; round <= rounds; round++)
        {
            var result = await FailoverRoundAsync(root, calls, probeTimeout, missedProbes).ConfigureAwait(false);
            if (result is null)
            {
                return 1;
            }

            var (served, dead, failed, floor, load) = result.Value;
            var failedTimes = failed.Select(f => f.Elapsed.TotalMilliseconds).Order().ToList();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {round} | {served.Count} | {dead:0.00} | {served[0]:0.00} / {Percentile(served, 50):0.00} / {served[^1]:0.00} | {failed.Count} ({(failed.Count == 0 ? "—" : $"{Percentile(failedTimes, 50):0} / {failedTimes[^1]:0}")}) | {floor:0.00} | {served[0] / detection.TotalSeconds:0.00} | {load:0.00} |"));
            if (failed.Any(f => f.Status != 500))
            {
                Console.WriteLine("  failed notifications by status: " + string.Join(", ", failed.GroupBy(f => f.Status).OrderBy(g => g.Key).Select(g => $"{g.Count()} × {g.Key}")));
            }

            firsts.Add(served[0]);
            declared.Add(dead);
            takeOvers.AddRange(served.Select(s => s - dead));
        }

        firsts.Sort();
        declared.Sort();
        takeOvers.Sort();
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Over {rounds} round(s): declared dead after {declared[0]:0.00} to {declared[^1]:0.00} s (median {Percentile(declared, 50):0.00}); first call served again after {firsts[0]:0.00} to {firsts[^1]:0.00} s (median {Percentile(firsts, 50):0.00}, {Percentile(firsts, 50) / detection.TotalSeconds:0.00} × ProbeTimeout × MissedProbesLimit); declared dead → each call served again: p50 {Percentile(takeOvers, 50) * 1000:0} ms, max {takeOvers[^1] * 1000:0} ms."));
        Console.WriteLine("The floor (a loopback HTTPS round trip through the spreader) is under a few milliseconds: failover time is failure detection, not the network.");
        return 0;
    }

    /// <summary>One kill: the seconds from it to each of the killed instance's calls served again (sorted), to its death in the membership table, the failed notifications before, the floor p50 and the load at the start.</summary>
    private static async Task<(List<double> Served, double Dead, List<Delivery> Failed, double Floor, double Load)?> FailoverRoundAsync(string root, int calls, TimeSpan probeTimeout, int missedProbes)
    {
        var load = await WaitForQuietAsync().ConfigureAwait(false);
        var settings = new Dictionary<string, string?>
        {
            ["CallingBot__Cluster__ProbeTimeout"] = probeTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["CallingBot__Cluster__MissedProbesLimit"] = missedProbes.ToString(CultureInfo.InvariantCulture),
        };
        await using var scene = await ClusterScene.StartAsync(root, Configuration, new Dictionary<string, string?> { ["Emulator__MaxDeliveryAttempts"] = "1" }).ConfigureAwait(false);
        var clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
        var survivor = await scene.AddInstanceAsync(root, Configuration, clusterId, settings).ConfigureAwait(false);
        var victim = await scene.AddInstanceAsync(root, Configuration, clusterId, settings).ConfigureAwait(false);
        await scene.WaitForMembersAsync(clusterId, 2).ConfigureAwait(false);
        var members = Stopwatch.GetTimestamp();
        scene.Spreader.Spread(scene.Instances.Select(i => i.BaseAddress));
        var floor = await FloorAsync(scene).ConfigureAwait(false);

        var ids = new List<string>();
        for (var i = 0; i < calls; i++)
        {
            ids.Add(await PlaceAsync(scene).ConfigureAwait(false));
            await WaitStateAsync(scene, ids[^1], "established").ConfigureAwait(false);
        }

        // Every call recorded live in Redis (what a survivor takes it over from) and its set-up traffic over.
        Dictionary<string, string?> owners = [];
        await ChildProcess.WaitUntilAsync(
            async () => (owners = await scene.LiveOwnersAsync(clusterId, ids).ConfigureAwait(false)).Values.All(o => o is not null),
            "every call recorded live in Redis",
            TimeSpan.FromSeconds(60)).ConfigureAwait(false);
        await SettleAsync(scene).ConfigureAwait(false);
        var victims = ids.Where(id => owners[id]!.Contains(victim.Silo, StringComparison.Ordinal)).ToList();
        if (victims.Count == 0)
        {
            Console.Error.WriteLine($"The instance to be killed owns none of the {calls} calls: run again, or with more calls.");
            return null;
        }

        // Orleans probes a new member every ProbeTimeout; from its fourth answer on, it adapts the period to the answers'
        // times, down to ProbeTimeout / 2 on a quick network. Instances that have run a while are in that steady state.
        var steady = probeTimeout * SteadyProbes;
        var held = Stopwatch.GetElapsedTime(members);
        if (held < steady)
        {
            await Task.Delay(steady - held).ConfigureAwait(false);
        }

        // The spreader stops sending to the killed instance at once, as a load balancer that has noticed.
        scene.Spreader.Spread([survivor.BaseAddress]);
        var killedAt = Stopwatch.GetTimestamp();
        await victim.Process.KillAsync().ConfigureAwait(false);
        var death = scene.WaitForDeathAsync(clusterId, victim.Silo, TimeSpan.FromMinutes(5));
        var results = await Task.WhenAll(victims.Select(id => ProbeUntilServedAsync(scene, id, killedAt))).ConfigureAwait(false);
        var dead = Stopwatch.GetElapsedTime(killedAt, await death.ConfigureAwait(false)).TotalSeconds;
        foreach (var id in ids)
        {
            using var _ = await scene.Http.PostAsync(new Uri(scene.Control, $"emulator/calls/{id}/hangUp"), null).ConfigureAwait(false);
        }

        return (results.Select(r => r.Seconds).Order().ToList(), dead, results.SelectMany(r => r.Failures).ToList(), floor.P50, load);
    }

    /// <summary>
    /// After the kill: a participant joins the call (a roster notification through the emulator) until the survivor
    /// answers one 2xx, each next one <see cref="ProbeInterval"/> after a failed one. Returns the time from the kill to
    /// that answer and the failed deliveries before it.
    /// </summary>
    private static async Task<(double Seconds, List<Delivery> Failures)> ProbeUntilServedAsync(ClusterScene scene, string callId, long killedAt)
    {
        var failures = new List<Delivery>();
        while (true)
        {
            var sent = Stopwatch.GetTimestamp();
            using (var join = await scene.Http.PostAsJsonAsync(new Uri(scene.Control, $"emulator/calls/{callId}/participants"), new { userId = Guid.NewGuid().ToString(), displayName = "Probe" }).ConfigureAwait(false))
            {
                join.EnsureSuccessStatusCode();
            }

            Delivery? delivery = null;
            await ChildProcess.WaitUntilAsync(
                () => Task.FromResult((delivery = scene.Spreader.Deliveries.FirstOrDefault(d => d.StartedAt >= sent && string.Equals(d.CallId, callId, StringComparison.OrdinalIgnoreCase))) is not null),
                $"the roster notification of call {callId} answered",
                TimeSpan.FromMinutes(2),
                TimeSpan.FromMilliseconds(2)).ConfigureAwait(false);
            if (delivery!.Succeeded)
            {
                return (Stopwatch.GetElapsedTime(killedAt, delivery.AnsweredAt).TotalSeconds, failures);
            }

            failures.Add(delivery);
            if (Stopwatch.GetElapsedTime(killedAt) > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException($"Phase 'call {callId} served again after the kill' did not complete within 5 min ({failures.Count} failed notifications).");
            }

            await Task.Delay(ProbeInterval).ConfigureAwait(false);
        }
    }

    /// <summary>The scene with <paramref name="instances"/> instances, all members of one cluster, the spreader over all of them.</summary>
    private static async Task<ClusterScene> StartClusterAsync(string root, int instances)
    {
        var scene = await ClusterScene.StartAsync(root, Configuration).ConfigureAwait(false);
        try
        {
            var clusterId = "bench-" + Guid.NewGuid().ToString("N")[..8];
            for (var i = 0; i < instances; i++)
            {
                await scene.AddInstanceAsync(root, Configuration, clusterId).ConfigureAwait(false);
            }

            await scene.WaitForMembersAsync(clusterId, instances).ConfigureAwait(false);
            scene.Spreader.Spread(scene.Instances.Select(i => i.BaseAddress));
            return scene;
        }
        catch
        {
            await scene.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>
    /// Rings, establishes and hangs up <paramref name="calls"/> calls, <paramref name="concurrency"/> at a time; the ring →
    /// established times (ms), sorted. With <paramref name="quiesce"/> each worker also waits, after the call ended,
    /// until the spreader has no notification in flight.
    /// </summary>
    private static async Task<List<double>> RunCallsAsync(ClusterScene scene, int calls, int concurrency, bool quiesce)
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
                if (quiesce)
                {
                    await ChildProcess.WaitUntilAsync(() => Task.FromResult(scene.Spreader.InFlight == 0), "no notification in flight", TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(1)).ConfigureAwait(false);
                }

                lock (times)
                {
                    times.Add(established);
                }
            }
        }).ToList();
        await Task.WhenAll(workers).ConfigureAwait(false);
        times.Sort();
        return times;
    }

    /// <summary>Waits until no notification is in flight and none was answered for a second (the calls' trailing traffic is over).</summary>
    private static Task SettleAsync(ClusterScene scene) => ChildProcess.WaitUntilAsync(
        () => Task.FromResult(scene.Spreader.InFlight == 0 && Stopwatch.GetElapsedTime(scene.Spreader.LastAnswered) > TimeSpan.FromSeconds(1)),
        "notifications settled",
        TimeSpan.FromSeconds(120));

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

    /// <summary>The floor: a bare HTTPS round trip through the spreader to an instance's liveness probe (p50, p99 of 500 after 50 warm-up, ms).</summary>
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

    /// <summary>
    /// The answer times (ms, sorted) of the 2xx-answered notifications after each call's first, landing on the call's
    /// owner (the instance that got its incoming-call notification) and on another instance.
    /// </summary>
    private static (List<double> Owner, List<double> Other) Classify(Delivery[] deliveries)
    {
        var owners = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var delivery in deliveries.Where(d => d.Creates))
        {
            owners.TryAdd(delivery.CallId, delivery.Destination);
        }

        var owner = new List<double>();
        var other = new List<double>();
        foreach (var delivery in deliveries.Where(d => !d.Creates && d.Succeeded))
        {
            if (owners.TryGetValue(delivery.CallId, out var callOwner))
            {
                (callOwner == delivery.Destination ? owner : other).Add(delivery.Elapsed.TotalMilliseconds);
            }
        }

        owner.Sort();
        other.Sort();
        return (owner, other);
    }

    private static string Pair(List<double> sorted) => sorted.Count == 0
        ? "—"
        : string.Create(CultureInfo.InvariantCulture, $"{Percentile(sorted, 50):0.0} / {Percentile(sorted, 99):0.0}");

    private static double Percentile(List<double> sorted, double percentile)
    {
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var index = (int)Math.Ceiling(percentile / 100 * sorted.Count) - 1;
        return sorted[Math.Clamp(index, 0, sorted.Count - 1)];
    }

    private static void PrintFloorNote()
    {
        Console.WriteLine();
        Console.WriteLine("Floor: GET /health/live of an instance through the spreader (https in, http to the instance: the hop every notification takes), measured in the same run before the calls.");
    }

    private static int Argument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static TimeSpan Seconds(string[] args, int index, double fallback) =>
        TimeSpan.FromSeconds(args.Length > index ? double.Parse(args[index], CultureInfo.InvariantCulture) : fallback);

    private static string RepositoryRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "CallingBot.sln")))
        {
            folder = folder.Parent;
        }

        return folder?.FullName ?? throw new InvalidOperationException("Run the benchmark from the repository (CallingBot.sln not found above " + AppContext.BaseDirectory + ").");
    }

    /// <summary>The machine line: CPU, cores, memory, OS, runtime, and the load (with a warning when the machine is not idle).</summary>
    private static void PrintMachine()
    {
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal)) is { } line
                ? string.Create(CultureInfo.InvariantCulture, $"{long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) / 1048576.0:0} GiB")
                : "?"
            : "?";
        Console.WriteLine($"Machine: {Environment.ProcessorCount} cores ({cpu}), {memory}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, {Configuration} build; every part its own process (bot instances with the server GC, as deployed).");
        Console.WriteLine($"Load average at the start: {LoadAverage()}");
        if (OneMinuteLoad() >= IdleLoad)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"WARNING: the 1-minute load is {OneMinuteLoad():0.00} (≥ {IdleLoad}): the machine is busy, do not record these figures."));
        }

        Console.WriteLine();
    }

    /// <summary>
    /// Waits (up to 3 min) until the 1-minute load average is under <see cref="IdleLoad"/>: the processes of the run before
    /// are gone, but the average takes a minute or two to forget them. Returns the load then.
    /// </summary>
    private static async Task<double> WaitForQuietAsync()
    {
        var watch = Stopwatch.StartNew();
        while (OneMinuteLoad() >= IdleLoad && watch.Elapsed < TimeSpan.FromMinutes(3))
        {
            await Task.Delay(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }

        return OneMinuteLoad();
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";

    private static double OneMinuteLoad() => File.Exists("/proc/loadavg")
        ? double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture)
        : double.NaN;

    private static int Usage()
    {
        Console.Error.WriteLine("usage: throughput [calls=300] [concurrency=16] [instances=3] | handover [calls=300] [instances=2] | failover [calls=20] [probe timeout s=5] [missed probes=3] [rounds=5]");
        return 2;
    }
}
