using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;

namespace CallingBot.Bench;

/// <summary>
/// Modes with the emulator and the bot each in its own process (see <see cref="RemoteScene"/>):
/// <list type="bullet">
/// <item><c>remote-latency [calls]</c>: one call in flight, answer latency beside the network floor;</item>
/// <item><c>rate [calls per second] [seconds] [warm-up seconds]</c>: a sustained arrival rate, answer latency and the
/// bot's CPU; with a warm-up, calls arrive at the same rate for that long first and are left out of every figure (the
/// runtime's tiered compilation of a fresh process is then behind it);</item>
/// <item><c>memory [calls]</c>: established calls held, the bot's managed heap and working set per call, the heap again
/// 20 s later, and what each call of the second half added (with <c>CALLINGBOT_BENCH_HOLD_SECONDS</c> set, a pause with no call held and another while holding them, for heap
/// snapshots of the bot process).</item>
/// </list>
/// </summary>
internal static class RemoteRunner
{
    public static async Task<int> RunAsync(string mode, string[] args)
    {
        var option = Array.IndexOf(args, "--bot");
        var relay = false;
        if (option >= 0)
        {
            relay = option + 1 < args.Length && args[option + 1] == "relay";
            if (!relay)
            {
                throw new ArgumentException(option + 1 < args.Length
                    ? $"Unknown --bot '{args[option + 1]}': the only other bot is 'relay'."
                    : "--bot needs a value: 'relay'.");
            }

            if (mode == "memory")
            {
                throw new ArgumentException("The relay holds no call state: 'memory' measures the bot only.");
            }

            args = [.. args[..option], .. args[(option + 2)..]];
        }
        await using var scene = await RemoteScene.StartAsync(relay);
        Console.WriteLine(relay
            ? "scene: emulator (pid {0}) and, in place of the bot, the relay (pid {1}: reads each notification, answers 202, posts one answer per incoming call; no bot) each in its own process, this process drives the emulator's control API"
            : "scene: emulator (pid {0}) and bot (pid {1}) each in its own process, this process drives the emulator's control API", scene.EmulatorProcess.Id, scene.BotProcess.Id);

        // Warm up the JIT, TLS connections, the MSAL token cache and the SDK of both processes.
        string body = "";
        for (var i = 0; i < 50; i++)
        {
            body = (await OneCallAsync(scene)).CreatedBody;
        }

        await WaitForBotCallsAsync(scene, 0, "warm-up calls removed from the bot");
        return mode switch
        {
            "remote-latency" => await LatencyAsync(scene, body, IntArgument(args, 0, 1000)),
            "rate" => await RateAsync(scene, body, IntArgument(args, 0, 1000), IntArgument(args, 1, 30), IntArgument(args, 2, 0)),
            "memory" => await MemoryAsync(scene, IntArgument(args, 0, 2000)),
            _ => throw new ArgumentException($"Unknown mode '{mode}'."),
        };
    }

    private static int IntArgument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;

    private static async Task<Samples> FloorAsync(RemoteScene scene, string body, int count)
    {
        var floor = await FloorProbe.MeasureAsync(scene.Certificate, scene.CreateDeliveryLikeHandler(), body, count);
        Console.WriteLine($"floor: bare HTTPS POST of {System.Text.Encoding.UTF8.GetByteCount(body):N0} bytes (the incoming-call notification's body) to a minimal Kestrel endpoint on the emulator's certificate, one in flight, {floor.Count} posts: p50 {Samples.Ms(floor.P50)} ms, p99 {Samples.Ms(floor.P99)} ms");
        return floor;
    }

    private static async Task<int> LatencyAsync(RemoteScene scene, string body, int calls)
    {
        var floor = await FloorAsync(scene, body, 2000);
        var samples = new Samples();
        var acknowledged = new Samples();
        for (var i = 0; i < calls; i++)
        {
            var (milliseconds, acknowledgedMilliseconds, _) = await OneCallAsync(scene);
            samples.Add(milliseconds);
            acknowledged.Add(acknowledgedMilliseconds);
            await WaitForBotCallsAsync(scene, 0, "call removed from the bot");
        }

        Console.WriteLine("| one call in flight | calls | p50 (ms) | p99 (ms) | max (ms) | p50 / floor p50 | p99 / floor p99 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| floor (bare HTTPS POST) | {floor.Count} | {Samples.Ms(floor.P50)} | {Samples.Ms(floor.P99)} | {Samples.Ms(floor.Max)} | 1.0× | 1.0× |");
        Console.WriteLine($"| notification → answer | {samples.Count} | {Samples.Ms(samples.P50)} | {Samples.Ms(samples.P99)} | {Samples.Ms(samples.Max)} | {Samples.Ratio(samples.P50, floor.P50)} | {Samples.Ratio(samples.P99, floor.P99)} |");
        Console.WriteLine($"| of which notification → the bot's 202 read by the emulator | {acknowledged.Count} | {Samples.Ms(acknowledged.P50)} | {Samples.Ms(acknowledged.P99)} | {Samples.Ms(acknowledged.Max)} | {Samples.Ratio(acknowledged.P50, floor.P50)} | {Samples.Ratio(acknowledged.P99, floor.P99)} |");
        return 0;
    }

    /// <summary>
    /// Rings the bot <paramref name="perSecond"/> times a second for <paramref name="seconds"/> seconds; each call is
    /// hung up as soon as its answer is measured. Reports the rate achieved, the latency and the CPU of each process.
    /// </summary>
    private static async Task<int> RateAsync(RemoteScene scene, string body, int perSecond, int seconds, int warmUpSeconds)
    {
        var floor = await FloorAsync(scene, body, 2000);
        if (warmUpSeconds > 0)
        {
            var warmUp = Stopwatch.StartNew();
            await Task.WhenAll(await PlaceAtRate(scene, perSecond, perSecond * warmUpSeconds, warmUp));
            await WaitForBotCallsAsync(scene, 0, "warm-up calls removed from the bot");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"warm-up: {perSecond * warmUpSeconds:N0} calls at {perSecond}/s, answered and removed after {warmUp.Elapsed.TotalSeconds:0.0} s; left out of the figures below"));
        }

        var total = perSecond * seconds;
        var botRuntime = await scene.BotRuntimeAsync();
        var botCpu = RemoteScene.CpuTime(scene.BotProcess);
        var emulatorCpu = RemoteScene.CpuTime(scene.EmulatorProcess);
        var driverCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var sampling = new CancellationTokenSource();
        var bySecond = SampleRuntimeEverySecondAsync(scene, watch, sampling.Token);
        var calls = await PlaceAtRate(scene, perSecond, total, watch);
        var placing = watch.Elapsed;
        var results = await Task.WhenAll(calls);
        var answered = watch.Elapsed;
        await sampling.CancelAsync();
        var runtimeBySecond = await bySecond;
        await WaitForBotCallsAsync(scene, 0, "every call removed from the bot");
        var settled = watch.Elapsed;
        var botUsed = RemoteScene.CpuTime(scene.BotProcess) - botCpu;
        var runtime = await scene.BotRuntimeAsync() - botRuntime;
        var emulatorUsed = RemoteScene.CpuTime(scene.EmulatorProcess) - emulatorCpu;
        var driverUsed = Process.GetCurrentProcess().TotalProcessorTime - driverCpu;
        var samples = new Samples(results.Select(r => r.Milliseconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"asked {perSecond}/s for {seconds} s: {total:N0} calls placed in {placing.TotalSeconds:0.0} s, all answered after {answered.TotalSeconds:0.0} s: achieved {total / answered.TotalSeconds:0} answered calls/s; all hung up and removed after {settled.TotalSeconds:0.0} s"));
        Console.WriteLine("| notification → answer | calls | p50 (ms) | p99 (ms) | max (ms) | p50 / floor p50 | p99 / floor p99 |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| floor (bare HTTPS POST, one in flight) | {floor.Count} | {Samples.Ms(floor.P50)} | {Samples.Ms(floor.P99)} | {Samples.Ms(floor.Max)} | 1.0× | 1.0× |");
        Console.WriteLine($"| {perSecond}/s for {seconds} s | {samples.Count} | {Samples.Ms(samples.P50)} | {Samples.Ms(samples.P99)} | {Samples.Ms(samples.Max)} | {Samples.Ratio(samples.P50, floor.P50)} | {Samples.Ratio(samples.P99, floor.P99)} |");
        PrintSlowestSeconds(results.Select(r => r.Milliseconds).ToList(), perSecond, runtimeBySecond);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"CPU over {settled.TotalSeconds:0.0} s (cores busy on average, of {Environment.ProcessorCount}): bot {botUsed.TotalSeconds / settled.TotalSeconds:0.00} ({botUsed.TotalMilliseconds / total:0.00} ms per call), emulator {emulatorUsed.TotalSeconds / settled.TotalSeconds:0.00}, driver {driverUsed.TotalSeconds / settled.TotalSeconds:0.00}"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"bot runtime per call: {runtime.AllocatedBytes / 1024.0 / total:0.0} KiB allocated, {runtime.WorkItems / (double)total:0.0} thread-pool work items, {runtime.LockContentions / (double)total:0.00} lock contentions; over the run {runtime.Gen0} gen0 / {runtime.Gen1} gen1 / {runtime.Gen2} gen2 collections, {runtime.GcPauseMilliseconds:0} ms paused in GC"));
        return 0;
    }

    /// <summary>The bot's runtime counters read once a second on <paramref name="watch"/>'s time, until cancelled.</summary>
    private static async Task<List<(double Seconds, BotRuntime Runtime)>> SampleRuntimeEverySecondAsync(RemoteScene scene, Stopwatch watch, CancellationToken stop)
    {
        var readings = new List<(double, BotRuntime)> { (watch.Elapsed.TotalSeconds, await scene.BotRuntimeAsync()) };
        using var ticker = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await ticker.WaitForNextTickAsync(stop))
            {
                readings.Add((watch.Elapsed.TotalSeconds, await scene.BotRuntimeAsync()));
            }
        }
        catch (OperationCanceledException)
        {
        }

        return readings;
    }

    /// <summary>
    /// The tail by the second the calls were placed in (calls are placed in order, <paramref name="perSecond"/> a second):
    /// the five seconds with the highest p99, each with what the bot's runtime did from the reading before it to the
    /// reading after it, so that a stall (a collection, thread-pool growth, a flush) shows when it happened.
    /// </summary>
    private static void PrintSlowestSeconds(List<double> milliseconds, int perSecond, List<(double Seconds, BotRuntime Runtime)> readings)
    {
        var seconds = milliseconds
            .Select((value, index) => (Second: index / perSecond, value))
            .GroupBy(s => s.Second, s => s.value)
            .Select(g => (Second: g.Key, Samples: new Samples(g)))
            .OrderByDescending(s => s.Samples.P99)
            .Take(5)
            .Select(s => string.Create(CultureInfo.InvariantCulture, $"second {s.Second}: p50 {Samples.Ms(s.Samples.P50)} / p99 {Samples.Ms(s.Samples.P99)} / max {Samples.Ms(s.Samples.Max)} ms{Around(readings, s.Second)}"));
        Console.WriteLine("slowest seconds of the run (by p99):");
        foreach (var line in seconds)
        {
            Console.WriteLine("  " + line);
        }
    }

    private static string Around(List<(double Seconds, BotRuntime Runtime)> readings, int second)
    {
        // The first reading is taken just after the run's clock starts, so it stands for second 0.
        var before = readings.LastOrDefault(r => r.Seconds <= second, readings[0]);
        var after = readings.FirstOrDefault(r => r.Seconds >= second + 1);
        if (after.Runtime is null)
        {
            return "";
        }

        var d = after.Runtime - before.Runtime;
        return string.Create(CultureInfo.InvariantCulture, $" (bot, {before.Seconds:0.0}–{after.Seconds:0.0} s: {d.Gen0}/{d.Gen1}/{d.Gen2} gen0/1/2 collections, {d.GcPauseMilliseconds:0} ms paused in GC, thread pool {before.Runtime.Threads} → {after.Runtime.Threads} threads)");
    }

    /// <summary>Starts <paramref name="total"/> calls, <paramref name="perSecond"/> a second on <paramref name="watch"/>'s time; returns them once all are placed.</summary>
    private static async Task<List<Task<(double Milliseconds, double AcknowledgedMilliseconds, string CreatedBody)>>> PlaceAtRate(RemoteScene scene, int perSecond, int total, Stopwatch watch)
    {
        var calls = new List<Task<(double Milliseconds, double AcknowledgedMilliseconds, string CreatedBody)>>(total);
        using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(10));
        while (calls.Count < total)
        {
            var due = Math.Min(total, (int)(watch.Elapsed.TotalSeconds * perSecond));
            while (calls.Count < due)
            {
                calls.Add(Task.Run(() => OneCallAsync(scene)));
            }

            await ticker.WaitForNextTickAsync();
        }

        return calls;
    }

    /// <summary>How long the memory mode waits before its second reading: past the SDK's per-request timeout (15 s).</summary>
    private static readonly TimeSpan SettleTime = TimeSpan.FromSeconds(20);

    /// <summary>Calls placed at once by the memory mode.</summary>
    private const int PlacementBatch = 100;

    private static async Task<int> MemoryAsync(RemoteScene scene, int calls)
    {
        var before = await scene.BotMemoryAsync();
        var hold = Environment.GetEnvironmentVariable("CALLINGBOT_BENCH_HOLD_SECONDS") is { } holdText
            ? TimeSpan.FromSeconds(double.Parse(holdText, CultureInfo.InvariantCulture))
            : (TimeSpan?)null;
        if (hold is { } idle)
        {
            // The same pause before the calls, so that a heap snapshot with no call held can be diffed against one
            // taken while holding them.
            Console.WriteLine($"bot pid {scene.BotProcess.Id}: no call held, pausing {idle.TotalSeconds} s (dotnet-gcdump collect -p {scene.BotProcess.Id})");
            await Task.Delay(idle);
        }

        // Two halves, each read 20 s after it was placed: the second half's cost per call leaves out what does not grow
        // with the calls (connection buffers and pools sized by placing 100 calls at once, caches filled by the first).
        var ids = new List<string>(calls);
        var half = calls / 2;
        var watch = Stopwatch.StartNew();
        await PlaceAndEstablishAsync(scene, ids, half);
        var setup = watch.Elapsed;
        await Task.Delay(SettleTime);
        var halfway = await scene.BotMemoryAsync();
        watch.Restart();
        await PlaceAndEstablishAsync(scene, ids, calls - half);
        setup += watch.Elapsed;
        var held = await scene.BotMemoryAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"established calls held by the bot: {held.Established:N0}, set up in {setup.TotalSeconds:0.0} s"));
        Console.WriteLine("| Bot process only | before | holding | per call |");
        Console.WriteLine("|---|---:|---:|---:|");
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| managed heap (forced full GC) | {before.Heap / 1048576.0:0.0} MiB | {held.Heap / 1048576.0:0.0} MiB | {(held.Heap - before.Heap) / (double)calls / 1024:0.0} KiB |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| working set | {before.WorkingSet / 1048576.0:0.0} MiB | {held.WorkingSet / 1048576.0:0.0} MiB | {(held.WorkingSet - before.WorkingSet) / (double)calls / 1024:0.0} KiB |"));

        // Right after the calls are placed the heap also holds what their requests left behind for a while: the SDK's
        // timeout source of every Graph request lives until its 15-second timer fires. A call held longer costs this.
        await Task.Delay(SettleTime);
        var settled = await scene.BotMemoryAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| managed heap, {SettleTime.TotalSeconds:0} s later | {before.Heap / 1048576.0:0.0} MiB | {settled.Heap / 1048576.0:0.0} MiB | {(settled.Heap - before.Heap) / (double)calls / 1024:0.0} KiB |"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| managed heap, each call of the second half ({half:N0} → {calls:N0} held, both {SettleTime.TotalSeconds:0} s after placing) | {halfway.Heap / 1048576.0:0.0} MiB | {settled.Heap / 1048576.0:0.0} MiB | {(settled.Heap - halfway.Heap) / (double)(calls - half) / 1024:0.0} KiB |"));
        if (hold is { } holding)
        {
            Console.WriteLine($"bot pid {scene.BotProcess.Id}: holding {calls} calls, pausing {holding.TotalSeconds} s (dotnet-gcdump collect -p {scene.BotProcess.Id})");
            await Task.Delay(holding);
        }

        foreach (var chunk in ids.Chunk(PlacementBatch))
        {
            await Task.WhenAll(chunk.Select(scene.HangUpAsync));
        }

        await WaitForBotCallsAsync(scene, 0, "all held calls removed from the bot");
        return 0;
    }

    /// <summary>Places <paramref name="count"/> more calls, <see cref="PlacementBatch"/> at a time, and waits until the bot holds them all established.</summary>
    private static async Task PlaceAndEstablishAsync(RemoteScene scene, List<string> ids, int count)
    {
        for (var placed = 0; placed < count; placed += PlacementBatch)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(PlacementBatch, count - placed)).Select(_ => scene.PlaceCallAsync()));
            await Task.WhenAll(batch.Select(id => scene.WaitForStateAsync(id, "established")));
            ids.AddRange(batch);
        }

        var expected = ids.Count;
        await ChildProcess.WaitUntilAsync(
            async () => (await scene.Bot.GetFromJsonAsync<BotMemory>(new Uri("bench/calls", UriKind.Relative)))!.Established == expected,
            $"all {expected:N0} calls established in the bot",
            TimeSpan.FromSeconds(300),
            TimeSpan.FromMilliseconds(200));
    }

    private static async Task<(double Milliseconds, double AcknowledgedMilliseconds, string CreatedBody)> OneCallAsync(RemoteScene scene)
    {
        var id = await scene.PlaceCallAsync();
        await scene.WaitForStateAsync(id, "established");
        var result = await scene.AnswerBreakdownAsync(id);
        await scene.HangUpAsync(id);
        return result;
    }

    private static Task WaitForBotCallsAsync(RemoteScene scene, int count, string phase) =>
        ChildProcess.WaitUntilAsync(
            async () => (await scene.Bot.GetFromJsonAsync<BotMemory>(new Uri("bench/calls", UriKind.Relative)))!.Calls == count,
            phase,
            TimeSpan.FromSeconds(300),
            TimeSpan.FromMilliseconds(5));
}
