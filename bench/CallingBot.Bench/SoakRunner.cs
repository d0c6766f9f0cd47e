using System.Diagnostics;
using System.Globalization;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Faults;
using CallingBot.AspNetCore.LocalMode;

namespace CallingBot.Bench;

/// <summary>
/// Soak: rings the bot with many calls, a few at a time, each ended one of four ways, checks every call's final state on
/// both sides, and reports the managed heap and the resident set at start, at the floor (once the bounded stores of
/// ended calls are full), after the calls, and after an idle period and a forced collection.
/// </summary>
internal static class SoakRunner
{
    /// <summary>Calls that fill the bounded stores of ended calls: the bot's history keeps 1,000, the emulator 100.</summary>
    public static int FillCalls { get; set; } = 1_000;

    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Reordered and duplicated notifications, a small delivery delay, 20 % of Graph requests failing, 2 % of delivery attempts failing.</summary>
    public static ChaosOptions Chaos(int seed) => new()
    {
        ReorderEstablishing = true,
        DuplicateDelivery = true,
        DeliveryDelay = TimeSpan.FromMilliseconds(2),
        Faults = new FaultOptions
        {
            Seed = seed,
            Requests = [new GraphFault { Probability = 0.2, Statuses = [429, 500, 503], RetryAfter = TimeSpan.Zero }],
            DeliveryFailureProbability = 0.02,
        },
    };

    /// <summary>Settings for the chaos soak: quick retries, a breaker that does not trip, and quick delivery retries.</summary>
    public static Dictionary<string, string?> ChaosSettings { get; } = new()
    {
        ["CallingBot:Graph:Resilience:BaseDelay"] = "00:00:00.005",
        ["CallingBot:Graph:Resilience:MaxDelay"] = "00:00:00.020",
        ["CallingBot:Graph:Resilience:MaxRetryAttempts"] = "8",
        ["CallingBot:Graph:Resilience:BreakerMinimumThroughput"] = "100000",
    };

    public static async Task<int> RunAsync(LocalEnvironment local, ICallManager manager, ICallHistory history, int calls, TimeSpan idle, int concurrency, bool chaos)
    {
        var control = local.Emulator.Control;
        var request = new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = CallerId };
        var checker = new FinalStateChecker(control, manager, history);
        Console.WriteLine($"soak: {calls:N0} calls, {concurrency} at a time, {idle.TotalSeconds:0} s idle, chaos {(chaos ? "on (reordering, duplicates, 2 ms delivery delay, 20 % Graph faults, 2 % failed deliveries)" : "off")}");

        // Warm up the JIT, TLS connections, the MSAL token cache and the SDK before the first measurement.
        await RunCallsAsync(checker, request, 20, concurrency, 0);
        var start = Measure();

        // The floor: the bounded stores of ended calls (bot history, emulator) full, as they stay from then on.
        await RunCallsAsync(checker, request, FillCalls, concurrency, 20);
        var floor = Measure();
        await HoldAsync("floor");

        if (chaos)
        {
            control.DefaultChaos = Chaos(seed: 11);
        }

        var watch = Stopwatch.StartNew();
        await RunCallsAsync(checker, request, calls, concurrency, 20 + FillCalls);
        var elapsed = watch.Elapsed;
        control.DefaultChaos = new ChaosOptions();
        var afterCalls = MeasureWithoutCollecting();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{calls:N0} calls in {elapsed.TotalSeconds:0.0} s ({calls / elapsed.TotalSeconds:0} calls/s); bot holds {manager.ActiveCallCount}, emulator holds {control.ListCalls().Count} (live and ended), live in the emulator: {control.ListCalls().Count(c => c.State != "terminated")}"));
        Console.WriteLine($"final states checked on both sides: {checker.Checked:N0}; {checker.Failures.Count} wrong");
        foreach (var failure in checker.Failures.Take(20))
        {
            Console.WriteLine($"  {failure}");
        }

        await HoldAsync("after calls");
        await Task.Delay(idle);
        var afterIdle = Measure();
        await HoldAsync("after idle");

        Console.WriteLine();
        Console.WriteLine("| Point | Managed heap (MiB) | vs start | vs floor | RSS (MiB) | vs start | vs floor |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
        Row("start (20 warm-up calls, forced GC)", start, start, floor);
        Row($"floor (+{FillCalls:N0} calls: stores of ended calls full, forced GC)", floor, start, floor);
        Row($"after {calls:N0} more calls (no GC forced)", afterCalls, start, floor);
        Row($"after {idle.TotalSeconds:0} s idle + forced GC", afterIdle, start, floor);
        var heapRatio = afterIdle.Heap / (double)floor.Heap;
        var perCall = (afterIdle.Heap - floor.Heap) / (double)calls;
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"managed heap after idle + GC: {heapRatio:0.000} x floor, {perCall:0} bytes per call (goal within 1.10 x floor): {(heapRatio <= 1.10 ? "met" : "NOT met")}"));
        return checker.Failures.Count == 0 && manager.ActiveCallCount == 0 ? 0 : 1;
    }

    private static void Row(string point, (long Heap, long Rss) value, (long Heap, long Rss) start, (long Heap, long Rss) floor) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {point} | {value.Heap / 1048576.0:0.0} | {value.Heap / (double)start.Heap:0.00} | {value.Heap / (double)floor.Heap:0.00} | {value.Rss / 1048576.0:0.0} | {value.Rss / (double)start.Rss:0.00} | {value.Rss / (double)floor.Rss:0.00} |"));

    /// <summary>With CALLINGBOT_SOAK_HOLD_SECONDS set, pauses so that a heap snapshot can be taken (dotnet-gcdump collect -p PID).</summary>
    private static async Task HoldAsync(string point)
    {
        if (Environment.GetEnvironmentVariable("CALLINGBOT_SOAK_HOLD_SECONDS") is { } text)
        {
            Console.WriteLine($"pid {Environment.ProcessId}: {point}, holding {text} s");
            await Task.Delay(TimeSpan.FromSeconds(double.Parse(text, CultureInfo.InvariantCulture)));
        }
    }

    /// <summary>Runs <paramref name="count"/> calls, <paramref name="concurrency"/> at a time; each ends one of four ways.</summary>
    private static async Task RunCallsAsync(FinalStateChecker checker, IncomingCallRequest request, int count, int concurrency, int offset)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await OneCallAsync(checker, request, offset + index);
            }
        });
        await Task.WhenAll(workers);
        await WaitUntilAsync(() => checker.Manager.ActiveCallCount == 0, "every call removed from the bot");
    }

    private static async Task OneCallAsync(FinalStateChecker checker, IncomingCallRequest request, int index)
    {
        var control = checker.Control;
        var manager = checker.Manager;
        var id = await control.PlaceIncomingCallAsync(request);
        var ending = (Ending)(index % 4);
        if (ending == Ending.CallerGivesUp)
        {
            await control.HangUpAsync(id);
        }
        else
        {
            var established = await control.WaitForCallAsync(id, c => c.State is "established" or "terminated", "established (or ended by a failed answer)", PhaseTimeout);
            if (established.State == "established")
            {
                await WaitUntilAsync(() => manager.GetCall(id)?.State is CallState.Established or null, "call established in the bot");
                var call = manager.FindCall(id);
                try
                {
                    if (ending == Ending.BotHangsUp && call is not null)
                    {
                        await call.HangUpAsync();
                    }
                    else if (ending == Ending.PromptThenCallerHangsUp && call is not null)
                    {
                        await call.PlayPromptAsync(new Prompt(new Uri("https://example.com/soak.wav")));
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    // A fault outlasting the retries: the call still has to end cleanly below.
                    checker.OperationFailures++;
                }

                if (ending != Ending.BotHangsUp)
                {
                    await control.HangUpAsync(id);
                }
            }
        }

        await checker.CheckAsync(id, ending, PhaseTimeout);
    }

    private static (long Heap, long Rss) Measure()
    {
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        return MeasureWithoutCollecting();
    }

    private static (long Heap, long Rss) MeasureWithoutCollecting()
    {
        using var process = Process.GetCurrentProcess();
        return (GC.GetTotalMemory(forceFullCollection: false), process.WorkingSet64);
    }

    internal static async Task WaitUntilAsync(Func<bool> condition, string phase)
    {
        var watch = Stopwatch.StartNew();
        while (!condition())
        {
            if (watch.Elapsed > PhaseTimeout)
            {
                throw new TimeoutException($"Phase '{phase}' did not complete within {PhaseTimeout.TotalSeconds} s.");
            }

            await Task.Delay(5);
        }
    }

    internal enum Ending
    {
        CallerHangsUp,
        BotHangsUp,
        PromptThenCallerHangsUp,
        CallerGivesUp,
    }

    /// <summary>Checks, as each call ends, that it ended on both sides and in the bot's history.</summary>
    private sealed class FinalStateChecker(EmulatorControl control, ICallManager manager, ICallHistory history)
    {
        private readonly Lock _gate = new();
        private int _checked;

        public EmulatorControl Control { get; } = control;

        public ICallManager Manager { get; } = manager;

        public List<string> Failures { get; } = [];

        public int Checked => _checked;

        public int OperationFailures { get; set; }

        private CallRecord? Find(string id) =>
            history.Recent(FillCalls + 100).FirstOrDefault(r => string.Equals(r.CallId, id, StringComparison.OrdinalIgnoreCase));

        public async Task CheckAsync(string id, Ending ending, TimeSpan timeout)
        {
            var ended = await Control.WaitForCallStateAsync(id, "terminated", timeout);

            // A caller who gives up at once may be gone before the bot even heard of the call: wait for its record.
            CallRecord? record = null;
            try
            {
                await WaitUntilAsync(() => (record = Find(id)) is not null, "call recorded in the bot's history");
            }
            catch (TimeoutException)
            {
            }

            await Manager.WhenRemovedAsync(id).WaitAsync(timeout);
            var problem = record is null
                ? "not in the bot's history"
                : Manager.GetCall(id) is not null
                    ? "still held by the bot"
                    : ending != Ending.CallerGivesUp && ended.ResultCode is not (200 or 603)
                        ? $"ended with code {ended.ResultCode}"
                        : null;
            Interlocked.Increment(ref _checked);
            if (problem is not null)
            {
                var timeline = string.Join("; ", Control.GetTimeline(id).Select(e => $"{e.Kind} {e.Method} {e.Description ?? e.Path} -> {e.StatusCode}"));
                lock (_gate)
                {
                    Failures.Add($"call {id} ({ending}): {problem}; emulator timeline: {timeline}");
                }
            }
        }
    }
}
