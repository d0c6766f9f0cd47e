using System.Diagnostics;
using System.Globalization;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Processors;

namespace CallingBot.Media.Bench.Load;

/// <summary>
/// Runs N concurrent real-time calls on the system clock and reports frame delays: inbound (arrival to
/// end of the processors) and outbound (lateness of each send against its 20 ms slot).
/// </summary>
internal static class LoadTest
{
    public static readonly TimeSpan Target = TimeSpan.FromMilliseconds(5);

    public static async Task<LoadResult> RunAsync(int calls, TimeSpan duration, TimeSpan warmup)
    {
        var pool = new AudioFramePool(AudioFormat.Default, maxRetained: Math.Max(4096, calls * 8));
        var clip = WavClip.FromPcm(TestAudio.Call(AudioFormat.Default, 10, seed: 42), AudioFormat.Default);
        var running = new List<SimulatedCall>(calls);

        // Calls start spread over one second, as real calls do not share a 20 ms phase.
        var spread = TimeSpan.FromSeconds(1) / calls;
        var startWatch = Stopwatch.StartNew();
        for (var i = 0; i < calls; i++)
        {
            var call = new SimulatedCall(i, clip, pool);
            running.Add(call);
            call.Start();
            var due = spread * (i + 1);
            if (due > startWatch.Elapsed)
            {
                await Task.Delay(due - startWatch.Elapsed);
            }
        }

        await Task.Delay(warmup);
        foreach (var call in running)
        {
            call.Pipeline.Statistics.ProcessingDelay.Reset();
            call.Pipeline.Statistics.SendDelay.Reset();
            call.ServiceStatistics.SendDelay.Reset();
        }

        var before = running.Select(c => c.Pipeline.Statistics.Snapshot()).ToList();
        var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
        var gcBefore = GC.CollectionCount(0);
        var watch = Stopwatch.StartNew();
        await Task.Delay(duration);
        var elapsed = watch.Elapsed;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime - cpuBefore;
        var gen0 = GC.CollectionCount(0) - gcBefore;

        var processing = new LatencyHistogram();
        var send = new LatencyHistogram();
        var service = new LatencyHistogram();
        long received = 0, processed = 0, sent = 0, dropped = 0, late = 0, outboundDropped = 0;
        for (var i = 0; i < running.Count; i++)
        {
            var statistics = running[i].Pipeline.Statistics;
            processing.Add(statistics.ProcessingDelay);
            send.Add(statistics.SendDelay);
            service.Add(running[i].ServiceStatistics.SendDelay);
            var now = statistics.Snapshot();
            received += now.FramesReceived - before[i].FramesReceived;
            processed += now.FramesProcessed - before[i].FramesProcessed;
            sent += now.FramesSent - before[i].FramesSent;
            dropped += now.FramesDropped - before[i].FramesDropped;
            late += now.LateFrames - before[i].LateFrames;
            outboundDropped += now.OutboundDropped - before[i].OutboundDropped;
        }

        foreach (var call in running)
        {
            await call.DisposeAsync();
        }

        return new LoadResult(
            calls, elapsed, received, processed, sent, dropped, outboundDropped, late,
            processing.GetPercentile(50), processing.GetPercentile(99), processing.Max,
            send.GetPercentile(50), send.GetPercentile(99), send.Max,
            service.GetPercentile(99),
            cpu / elapsed / Environment.ProcessorCount, gen0);
    }

    public static string Header =>
        "| Calls | Frames in/s | Frames out/s | Dropped | Late out | Inbound delay p50 / p99 / max (ms) | Outbound delay p50 / p99 / max (ms) | Service pacing p99 (ms) | CPU (of all cores) | Gen0 GCs | p99 < 5 ms |\n" +
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |";

    public static string Row(LoadResult r) => string.Create(
        CultureInfo.InvariantCulture,
        $"| {r.Calls} | {r.Received / r.Elapsed.TotalSeconds:N0} | {r.Sent / r.Elapsed.TotalSeconds:N0} | {r.Dropped + r.OutboundDropped} | {r.Late} | " +
        $"{Ms(r.ProcessingP50)} / {Ms(r.ProcessingP99)} / {Ms(r.ProcessingMax)} | {Ms(r.SendP50)} / {Ms(r.SendP99)} / {Ms(r.SendMax)} | " +
        $"{Ms(r.ServiceP99)} | {r.CpuShare:P0} | {r.Gen0} | {(r.Passes ? "yes" : "no")} |");

    private static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture);
}
