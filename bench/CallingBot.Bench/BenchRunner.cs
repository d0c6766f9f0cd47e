using System.Diagnostics;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Manager;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Timeline;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.Bench;

/// <summary>
/// Runs the real host in local mode (bot and emulator in this process, real HTTPS on loopback) and measures:
/// <list type="bullet">
/// <item><c>latency</c>: time from the emulator queueing an incoming-call notification to it receiving the answer, at several concurrency levels;</item>
/// <item><c>capacity</c>: many established calls held at once, and the memory each costs.</item>
/// </list>
/// </summary>
public static class BenchRunner
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    public static async Task<int> RunAsync(string[] args)
    {
        var mode = args.Length > 0 ? args[0] : "latency";
        var chaos = mode == "soak" && args.Contains("chaos");
        args = args.Where(a => a != "chaos").ToArray();
        await using var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0"], builder =>
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["CallingBot:Mode"] = "Local",
                ["CallingBot:Local:EmulatorHttpsPort"] = "0",
                ["CallingBot:Local:EmulatorHttpPort"] = "0",
                ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
                ["CallingBot:Logging:MinimumLevel"] = "Error",
                ["CallingBot:DrainTimeout"] = "00:00:01",
            });
            if (chaos)
            {
                builder.Configuration.AddInMemoryCollection(SoakRunner.ChaosSettings);
            }

            if (mode != "soak")
            {
                // The soak keeps the host's default router and handler, as a deployed bot without its own has them.
                builder.Services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter>(new AnswerAllRouter()));
            }
        });
        await app.StartAsync();
        var local = app.Services.GetRequiredService<LocalEnvironment>();
        var manager = app.Services.GetRequiredService<ICallManager>();
        PrintMachine();
        try
        {
            return mode switch
            {
                "latency" => await LatencyAsync(local, manager, args.Skip(1).Select(int.Parse).DefaultIfEmpty(0).ToArray()),
                "breakdown" => await Breakdown.RunAsync(local, manager, IntArgument(args, 1, 300)),
                "capacity" => await CapacityAsync(local, manager, args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 10_000),
                "steady" => await SteadyAsync(local, manager, args.Skip(1).Select(int.Parse).DefaultIfEmpty(0).ToArray()),
                "soak" => await SoakRunner.RunAsync(
                    local,
                    manager,
                    app.Services.GetRequiredService<ICallHistory>(),
                    calls: IntArgument(args, 1, 1000),
                    idle: TimeSpan.FromSeconds(IntArgument(args, 2, 60)),
                    concurrency: IntArgument(args, 3, 8),
                    chaos),
                _ => Usage(),
            };
        }
        finally
        {
            await app.StopAsync();
        }
    }

    private static int Usage()
    {
        Console.Error.WriteLine("usage: CallingBot.Bench latency [concurrency...] | breakdown [calls] | remote-latency [calls] | rate [calls per second] [seconds] [warm-up seconds] | memory [calls] | reader [reads per round] | steady [held calls...] | capacity [calls] | soak [calls] [idle seconds] [concurrency] [chaos]");
        Console.Error.WriteLine("memory: with CALLINGBOT_BENCH_HOLD_SECONDS=<s> it pauses <s> seconds before placing the calls and again while holding them, printing the bot's pid, so that heap snapshots (dotnet-gcdump collect -p <pid>) with none and with all of them held can be compared.");
        return 2;
    }

    private static int IntArgument(string[] args, int index, int fallback) =>
        args.Length > index ? int.Parse(args[index], System.Globalization.CultureInfo.InvariantCulture) : fallback;

    private static void PrintMachine() =>
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}, GC server={System.Runtime.GCSettings.IsServerGC}");

    private static async Task<int> LatencyAsync(LocalEnvironment local, ICallManager manager, int[] levels)
    {
        if (levels is [0])
        {
            levels = [1, 50, 200];
        }

        // Warm up the SDK, MSAL token cache, TLS connections and JIT.
        await RoundAsync(local, manager, 20);
        var body = LastCreatedBody(local);
        var floor = await FloorProbe.MeasureAsync(local.Emulator.TlsCertificate, local.Emulator.CreateTrustingHandler(), body, 2000);
        Console.WriteLine($"floor: bare HTTPS POST of {System.Text.Encoding.UTF8.GetByteCount(body):N0} bytes (the incoming-call notification's body) to a minimal Kestrel endpoint on the emulator's certificate, one in flight, in this process");
        Console.WriteLine("| concurrent incoming calls | calls measured | p50 (ms) | p99 (ms) | max (ms) | p50 / floor p50 | p99 / floor p99 |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| floor (bare HTTPS POST) | {floor.Count} | {Samples.Ms(floor.P50)} | {Samples.Ms(floor.P99)} | {Samples.Ms(floor.Max)} | 1.0× | 1.0× |");
        foreach (var level in levels)
        {
            var samples = new Samples();
            var rounds = Math.Max(3, 1000 / level);
            for (var round = 0; round < rounds; round++)
            {
                samples.AddRange(await RoundAsync(local, manager, level));
            }

            Console.WriteLine($"| {level} | {samples.Count} | {Samples.Ms(samples.P50)} | {Samples.Ms(samples.P99)} | {Samples.Ms(samples.Max)} | {Samples.Ratio(samples.P50, floor.P50)} | {Samples.Ratio(samples.P99, floor.P99)} |");
        }

        return 0;
    }

    /// <summary>The body of the incoming-call notification of the latest call the emulator placed.</summary>
    private static string LastCreatedBody(LocalEnvironment local)
    {
        var control = local.Emulator.Control;
        var call = control.ListCalls()[^1];
        return control.GetTimeline(call.Id).First(e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"created\"", StringComparison.Ordinal)).Body!;
    }

    /// <summary>Places <paramref name="count"/> calls at once, waits for all answers, returns the latencies, hangs up.</summary>
    private static async Task<List<double>> RoundAsync(LocalEnvironment local, ICallManager manager, int count)
    {
        var control = local.Emulator.Control;
        var request = new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = CallerId };
        var ids = await Task.WhenAll(Enumerable.Range(0, count).Select(_ => control.PlaceIncomingCallAsync(request)));
        await Task.WhenAll(ids.Select(id => control.WaitForCallStateAsync(id, "established", TimeSpan.FromSeconds(60))));
        var latencies = new List<double>(count);
        foreach (var id in ids)
        {
            var timeline = control.GetTimeline(id);
            var created = timeline.First(e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"created\"", StringComparison.Ordinal));
            var answer = timeline.First(e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
            latencies.Add((answer.Timestamp - created.Timestamp).TotalMilliseconds);
        }

        await Task.WhenAll(ids.Select(id => control.HangUpAsync(id)));
        await WaitUntilAsync(() => manager.ActiveCallCount == 0, TimeSpan.FromSeconds(60), "calls removed after a round");
        return latencies;
    }

    /// <summary>
    /// Holds N established calls (each with its own handler, keep-alive timer and SDK state), then rings the bot with
    /// new calls at a steady 20 per second, each answered and hung up again, and reports their answer latency.
    /// </summary>
    private static async Task<int> SteadyAsync(LocalEnvironment local, ICallManager manager, int[] levels)
    {
        if (levels is [0])
        {
            levels = [1, 50, 200];
        }

        var control = local.Emulator.Control;
        var request = new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = CallerId };
        await RoundAsync(local, manager, 20);
        Console.WriteLine("| calls held established | new calls measured (20/s) | p50 (ms) | p99 (ms) | max (ms) |");
        Console.WriteLine("|---:|---:|---:|---:|---:|");
        foreach (var level in levels)
        {
            var held = await Task.WhenAll(Enumerable.Range(0, level).Select(_ => control.PlaceIncomingCallAsync(request)));
            await Task.WhenAll(held.Select(id => control.WaitForCallStateAsync(id, "established", TimeSpan.FromSeconds(60))));
            await WaitUntilAsync(() => manager.ActiveCallCount == level, TimeSpan.FromSeconds(60), "held calls registered");
            await Task.WhenAll(held.Select(id => control.WaitForDeliveriesAsync(id, TimeSpan.FromSeconds(60))));
            GC.Collect();
            var samples = new List<double>();
            using var ticker = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            var pending = new List<Task<double>>();
            for (var i = 0; i < 400; i++)
            {
                await ticker.WaitForNextTickAsync();
                pending.Add(OneCallAsync(control, request));
            }

            samples.AddRange(await Task.WhenAll(pending));
            samples.Sort();
            Console.WriteLine($"| {level} | {samples.Count} | {Percentile(samples, 0.50):0.0} | {Percentile(samples, 0.99):0.0} | {samples[^1]:0.0} |");
            await Task.WhenAll(held.Select(id => control.HangUpAsync(id)));
            await WaitUntilAsync(() => manager.ActiveCallCount == 0, TimeSpan.FromSeconds(60), "held calls removed");
        }

        return 0;
    }

    private static async Task<double> OneCallAsync(EmulatorControl control, IncomingCallRequest request)
    {
        var id = await control.PlaceIncomingCallAsync(request);
        await control.WaitForCallStateAsync(id, "established", TimeSpan.FromSeconds(60));
        var timeline = control.GetTimeline(id);
        var created = timeline.First(e => e.Kind == TimelineEntryKind.Notification && e.Body!.Contains("\"created\"", StringComparison.Ordinal));
        var answer = timeline.First(e => e.Kind == TimelineEntryKind.Request && e.Path!.EndsWith("/answer", StringComparison.Ordinal));
        await control.HangUpAsync(id);
        return (answer.Timestamp - created.Timestamp).TotalMilliseconds;
    }

    private static async Task<int> CapacityAsync(LocalEnvironment local, ICallManager manager, int calls)
    {
        var control = local.Emulator.Control;
        await RoundAsync(local, manager, 20);
        var before = Measure();
        var request = new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = CallerId };
        var ids = new List<string>(calls);
        var watch = Stopwatch.StartNew();
        const int Batch = 200;
        for (var placed = 0; placed < calls; placed += Batch)
        {
            var batch = await Task.WhenAll(Enumerable.Range(0, Math.Min(Batch, calls - placed)).Select(_ => control.PlaceIncomingCallAsync(request)));
            await Task.WhenAll(batch.Select(id => control.WaitForCallStateAsync(id, "established", TimeSpan.FromSeconds(120))));
            ids.AddRange(batch);
        }

        await WaitUntilAsync(() => manager.ListCalls().Count(c => c.State == CallState.Established) == calls, TimeSpan.FromSeconds(120), "all calls established in the bot");
        var setup = watch.Elapsed;
        var held = Measure();
        var perCall = (held.Heap - before.Heap) / (double)calls;
        var perCallWorkingSet = (held.WorkingSet - before.WorkingSet) / (double)calls;
        Console.WriteLine($"established calls held: {manager.ActiveCallCount} (emulator: {control.ListCalls().Count(c => c.State == "established")}), set up in {setup.TotalSeconds:0.0} s ({calls / setup.TotalSeconds:0} calls/s)");
        Console.WriteLine($"managed heap: {before.Heap / 1048576.0:0.0} MiB -> {held.Heap / 1048576.0:0.0} MiB, {perCall / 1024:0.0} KiB per call (bot and emulator in one process)");
        Console.WriteLine($"working set: {before.WorkingSet / 1048576.0:0.0} MiB -> {held.WorkingSet / 1048576.0:0.0} MiB, {perCallWorkingSet / 1024:0.0} KiB per call");

        watch.Restart();
        foreach (var chunk in ids.Chunk(Batch))
        {
            await Task.WhenAll(chunk.Select(id => control.HangUpAsync(id)));
        }

        await WaitUntilAsync(() => manager.ActiveCallCount == 0, TimeSpan.FromSeconds(120), "all calls removed");
        var after = Measure();
        Console.WriteLine($"all calls removed in {watch.Elapsed.TotalSeconds:0.0} s; managed heap after: {after.Heap / 1048576.0:0.0} MiB");
        return 0;
    }

    private static (long Heap, long WorkingSet) Measure()
    {
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: true), process.WorkingSet64);
    }

    private static double Percentile(List<double> sorted, double p) => sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string phase)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Phase '{phase}' did not complete within {timeout.TotalSeconds} s.");
            }

            await Task.Delay(10);
        }
    }

    internal sealed class AnswerAllRouter : IIncomingCallRouter
    {
        public ValueTask<CallDecision> RouteAsync(Core.Calls.IncomingCallInfo call, CancellationToken cancellationToken) =>
            ValueTask.FromResult(CallDecision.Answer(new QuietHandler()));
    }

    private sealed class QuietHandler : CallHandler;
}
