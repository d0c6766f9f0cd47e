using System.Diagnostics;
using System.Globalization;
using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Emulator.Control;
using CallingBot.Host.LocalMode;

namespace CallingBot.Bench;

/// <summary>
/// Soak: rings the bot with many calls one after another (a few at a time), each ended in one of four ways, and
/// reports the managed heap and the resident set at start, after the calls, and after an idle period and a forced
/// collection, with each as a ratio to the start.
/// </summary>
internal static class SoakRunner
{
    private const string CallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
    private static readonly TimeSpan PhaseTimeout = TimeSpan.FromSeconds(60);

    public static async Task<int> RunAsync(LocalEnvironment local, ICallManager manager, int calls, TimeSpan idle, int concurrency)
    {
        var control = local.Emulator.Control;
        var request = new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = CallerId };

        // Warm up the JIT, TLS connections, the MSAL token cache and the SDK before the baseline.
        await RunCallsAsync(control, manager, request, 20, concurrency, 0);
        var start = Measure();
        var hold = Environment.GetEnvironmentVariable("CALLINGBOT_SOAK_HOLD_SECONDS") is { } holdText ? TimeSpan.FromSeconds(double.Parse(holdText, CultureInfo.InvariantCulture)) : TimeSpan.Zero;
        Console.WriteLine($"pid {Environment.ProcessId}; start measured");
        await Task.Delay(hold);

        var watch = Stopwatch.StartNew();
        await RunCallsAsync(control, manager, request, calls, concurrency, 20);
        var elapsed = watch.Elapsed;
        var afterCalls = MeasureWithoutCollecting();
        Console.WriteLine($"{calls} calls in {elapsed.TotalSeconds:0.0} s ({calls / elapsed.TotalSeconds:0} calls/s); bot holds {manager.ActiveCallCount}, emulator holds {control.ListCalls().Count} (live and ended)");
        await Task.Delay(hold);

        await Task.Delay(idle);
        var afterIdle = Measure();
        Console.WriteLine($"pid {Environment.ProcessId}; after idle measured");
        await Task.Delay(hold);

        Console.WriteLine();
        Console.WriteLine("| Point | Managed heap (MiB) | Ratio | RSS (MiB) | Ratio |");
        Console.WriteLine("|---|---:|---:|---:|---:|");
        Row("start (after 20 warm-up calls, forced GC)", start, start);
        Row($"after {calls:N0} calls (no GC forced)", afterCalls, start);
        Row($"after {idle.TotalSeconds:0} s idle + forced GC", afterIdle, start);
        var heapRatio = afterIdle.Heap / (double)start.Heap;
        Console.WriteLine();
        Console.WriteLine($"managed heap after idle + GC: {heapRatio:0.00} x start (goal within 1.10): {(heapRatio <= 1.10 ? "met" : "NOT met")}");
        return 0;
    }

    private static void Row(string point, (long Heap, long Rss) value, (long Heap, long Rss) start) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {point} | {value.Heap / 1048576.0:0.0} | {value.Heap / (double)start.Heap:0.00} | {value.Rss / 1048576.0:0.0} | {value.Rss / (double)start.Rss:0.00} |"));

    /// <summary>Runs <paramref name="count"/> calls, <paramref name="concurrency"/> at a time; each ends one of four ways.</summary>
    private static async Task RunCallsAsync(EmulatorControl control, ICallManager manager, IncomingCallRequest request, int count, int concurrency, int offset)
    {
        var next = -1;
        var workers = Enumerable.Range(0, concurrency).Select(async _ =>
        {
            int index;
            while ((index = Interlocked.Increment(ref next)) < count)
            {
                await OneCallAsync(control, manager, request, offset + index);
            }
        });
        await Task.WhenAll(workers);
        await WaitUntilAsync(() => manager.ActiveCallCount == 0, "every call removed from the bot");
    }

    private static async Task OneCallAsync(EmulatorControl control, ICallManager manager, IncomingCallRequest request, int index)
    {
        var id = await control.PlaceIncomingCallAsync(request);
        if (index % 4 == 3)
        {
            // The caller gives up while the bot answers.
            await control.HangUpAsync(id);
        }
        else
        {
            await control.WaitForCallStateAsync(id, "established", PhaseTimeout);
            await WaitUntilAsync(() => manager.GetCall(id)?.State == CallState.Established, "call established in the bot");
            var call = manager.FindCall(id);
            switch (index % 4)
            {
                case 0:
                    await control.HangUpAsync(id);
                    break;
                case 1:
                    if (call is not null)
                    {
                        await call.HangUpAsync();
                    }

                    break;
                default:
                    if (call is not null)
                    {
                        await call.PlayPromptAsync(new Prompt(new Uri("https://example.com/soak.wav")));
                    }

                    await control.HangUpAsync(id);
                    break;
            }
        }

        await control.WaitForCallStateAsync(id, "terminated", PhaseTimeout);
        await manager.WhenRemovedAsync(id).WaitAsync(PhaseTimeout);
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

    private static async Task WaitUntilAsync(Func<bool> condition, string phase)
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
}
