using System.Diagnostics;
using System.Globalization;
using CallingBot.Emulator.Media;
using CallingBot.Media.Load;

// End-to-end media load: N app-hosted calls from the emulator to the real host, audio both ways over TLS WebSockets,
// each call running echo + DTMF detection + WAV recording. Steps up N and reports the bot's frame delays (arrival →
// processed, and outbound lateness against the 20 ms slot) per step, beside the same figures for one call alone (the
// floor, measured first in the same run), and the CPU of the bot's and the emulator's processes.
//   dotnet run -c Release --project bench/CallingBot.Media.Load -- --emulator process --calls 100,200,300 --seconds 10
// --emulator in-process (default) runs the bot in local mode with its in-process emulator; --emulator process runs the
// emulator (src/CallingBot.Emulator/bin/Release, or --emulator-dll) and the bot each in a process of its own.
if (args is [BotRole.Argument, ..])
{
    return await BotRole.RunAsync();
}

var steps = Option("--calls", "100,200,300,400,500").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var seconds = int.Parse(Option("--seconds", "10"), CultureInfo.InvariantCulture);
var holdSeconds = int.Parse(Option("--hold-seconds", "0"), CultureInfo.InvariantCulture);
var connectTimeout = TimeSpan.FromSeconds(int.Parse(Option("--connect-seconds", "120"), CultureInfo.InvariantCulture));
var emulatorMode = Option("--emulator", "in-process");
if (emulatorMode is not ("in-process" or "process"))
{
    Console.Error.WriteLine($"--emulator must be 'in-process' or 'process', not '{emulatorMode}'.");
    return 2;
}

if (int.TryParse(Option("--min-threads", "0"), CultureInfo.InvariantCulture, out var minThreads) && minThreads > 0)
{
    ThreadPool.SetMinThreads(minThreads, minThreads);
}

var limit = TimeSpan.FromMilliseconds(double.Parse(Option("--p99-ms", "5"), CultureInfo.InvariantCulture));
var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "unknown";
await using IMediaLoadScene scene = emulatorMode == "process"
    ? await ProcessScene.StartAsync(OptionOrNull("--emulator-dll"), ToneWav())
    : await InProcessScene.StartAsync(ToneWav());

Console.WriteLine($"{Environment.ProcessorCount} core(s), .NET {Environment.Version}; load average at start {load}; {scene.Description}.");
Console.WriteLine($"Each step measures {seconds} s after a 3 s warm-up; the floor is the same measurement with one call alone, first in the run. CPU is a share of all cores.");
Console.WriteLine("| calls | processing p50 | processing p99 | p99 / floor | send lateness p50 | send lateness p99 | p99 / floor | max | dropped | late sends (bot) | late sends (emulator) | skipped (emulator) | CPU bot | CPU emulator |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
var callIds = new List<string>();
var best = 0;
string? failure = null;
BotFigures? floor = null;
foreach (var target in steps.Prepend(1))
{
    try
    {
        while (callIds.Count < target)
        {
            callIds.Add(await scene.PlaceCallAsync());
            if (callIds.Count % 25 == 0)
            {
                await Task.Delay(100);
            }
        }

        var connectDeadline = Stopwatch.StartNew();
        while (await scene.BotConnectedAsync() < target || (await scene.EmulatorStreamsAsync(callIds)).Connected < target)
        {
            if (connectDeadline.Elapsed >= connectTimeout)
            {
                var streams = await scene.EmulatorStreamsAsync(callIds);
                failure = $"only {await scene.BotConnectedAsync()} (bot) and {streams.Connected} (emulator) of {target} calls connected their media within {connectTimeout.TotalSeconds} s; the emulator's other streams: {streams.Unconnected}";
                break;
            }

            await Task.Delay(200);
        }
    }
    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
    {
        failure = $"placing or checking the calls of the {target}-call step failed: {exception.Message}";
    }

    if (failure is not null)
    {
        break;
    }

    BotFigures figures;
    EmulatorSends emulator;
    (TimeSpan Bot, TimeSpan? Emulator) cpu0, cpu1;
    TimeSpan elapsed;
    try
    {
        await Task.Delay(TimeSpan.FromSeconds(3));
        await scene.ResetBotAsync();
        var emulator0 = (await scene.EmulatorStreamsAsync(callIds)).Sends;
        cpu0 = scene.CpuTime();
        var wall = Stopwatch.StartNew();
        await Task.Delay(TimeSpan.FromSeconds(seconds));
        cpu1 = scene.CpuTime();
        elapsed = wall.Elapsed * Environment.ProcessorCount;
        figures = await scene.ReadBotAsync();
        emulator = (await scene.EmulatorStreamsAsync(callIds)).Sends - emulator0;
    }
    catch (Exception exception) when (exception is HttpRequestException or TaskCanceledException)
    {
        // An overloaded emulator or bot that stops answering its control API fails the step, not the benchmark.
        failure = $"measuring the {target}-call step failed: {exception.Message}";
        break;
    }

    floor ??= figures;
    var botCpu = (cpu1.Bot - cpu0.Bot) / elapsed;
    var emulatorCpu = cpu1.Emulator is { } e1 && cpu0.Emulator is { } e0 ? ((e1 - e0) / elapsed).ToString("P0", CultureInfo.InvariantCulture) : "(same process)";
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {target}{(ReferenceEquals(floor, figures) ? " (floor)" : "")} | {Ms(figures.ProcessingP50Ms)} | {Ms(figures.ProcessingP99Ms)} | {Ratio(figures.ProcessingP99Ms, floor.ProcessingP99Ms)} | {Ms(figures.SendP50Ms)} | {Ms(figures.SendP99Ms)} | {Ratio(figures.SendP99Ms, floor.SendP99Ms)} | {Ms(figures.MaxMs)} | {figures.Dropped} | {figures.LateSends} of {figures.Sends} | {emulator.Late} | {emulator.Skipped} | {botCpu:P0} | {emulatorCpu} |"));
    if (Math.Max(figures.ProcessingP99Ms, figures.SendP99Ms) < limit.TotalMilliseconds && figures.Dropped == 0 && emulator.Skipped == 0 && steps.Contains(target))
    {
        best = target;
    }
}

if (failure is not null)
{
    Console.WriteLine($"Step failed: {failure}.");
}

Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Largest step with p99 frame delay under {limit.TotalMilliseconds} ms and no frame dropped by the bot or skipped by the emulator: {best} concurrent calls."));
if (holdSeconds > 0 && failure is null)
{
    Console.WriteLine($"Holding the {callIds.Count} calls for {holdSeconds} s (for a profiler: the bot is process {scene.BotProcessId}).");
    await Task.Delay(TimeSpan.FromSeconds(holdSeconds));
}

// Teardown never throws for a call the emulator already ended or forgot: it reports them and the exit code says so.
// After three failures in a row the emulator is taken to have stopped answering: the rest end with its process.
var notHungUp = new List<string>();
var inARow = 0;
var skipped = 0;
foreach (var id in callIds)
{
    if (inARow >= 3)
    {
        skipped++;
        continue;
    }

    var (done, reason) = await scene.TryHangUpAsync(id);
    inARow = done ? 0 : inARow + 1;
    if (!done)
    {
        notHungUp.Add($"{id}: {reason}");
    }
}

if (notHungUp.Count > 0)
{
    Console.WriteLine($"{notHungUp.Count} of {callIds.Count} calls could not be hung up (first: {notHungUp[0]}){(skipped > 0 ? $"; {skipped} more not tried after three failures in a row" : "")}.");
}

return failure is null ? 0 : 1;

static string Ms(double milliseconds) => milliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

static string Ratio(double value, double floor) => floor > 0 ? (value / floor).ToString("0.0", CultureInfo.InvariantCulture) + "×" : "–";

static byte[] ToneWav()
{
    var pcm = new byte[16_000 * 2];
    for (var i = 0; i < 16_000; i++)
    {
        var sample = (short)Math.Round(3000 * Math.Sin(2 * Math.PI * 400 * i / 16_000.0));
        System.Buffers.Binary.BinaryPrimitives.WriteInt16LittleEndian(pcm.AsSpan(i * 2), sample);
    }

    return WavCodec.Write(pcm);
}

string Option(string name, string fallback) => OptionOrNull(name) ?? fallback;

string? OptionOrNull(string name)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : null;
}
