using System.Diagnostics;
using System.Globalization;
using CallingBot.Core.Routing;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Media;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.LocalMode;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Load;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

// End-to-end media load: the real host in local mode, its in-process emulator, N app-hosted calls streaming audio
// both ways over TLS WebSockets, each call running echo + DTMF detection + WAV recording. Steps up N and reports the
// bot's frame delays (arrival → processed, and outbound lateness against the 20 ms slot) per step.
//   dotnet run -c Release --project bench/CallingBot.Media.Load -- --calls 100,200,300 --seconds 10
var steps = Option("--calls", "100,200,300,400,500").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
var seconds = int.Parse(Option("--seconds", "10"), CultureInfo.InvariantCulture);
if (int.TryParse(Option("--min-threads", "0"), CultureInfo.InvariantCulture, out var minThreads) && minThreads > 0)
{
    ThreadPool.SetMinThreads(minThreads, minThreads);
}

var limit = TimeSpan.FromMilliseconds(double.Parse(Option("--p99-ms", "5"), CultureInfo.InvariantCulture));

var router = new LoadRouter();
await using var app = await CallingBotApplication.CreateAsync(["--urls", "https://127.0.0.1:0", "--environment", "Production"], builder =>
{
    builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["CallingBot:Mode"] = "Local",
        ["CallingBot:Local:EmulatorHttpsPort"] = "0",
        ["CallingBot:Local:EmulatorHttpPort"] = "0",
        ["CallingBot:Local:EmulatorDataDirectory"] = string.Empty,
        ["CallingBot:Logging:MinimumLevel"] = "Error",
        ["CallingBot:DrainTimeout"] = "00:00:10",
    });
    builder.Services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter>(router));
});
await app.StartAsync();
var local = app.Services.GetRequiredService<LocalEnvironment>();
var control = local.Emulator.Control;
control.Media.DefaultOptions = new CallMediaOptions { KeepSeconds = 0, DefaultSource = MediaSourceSpec.Wav(ToneWav(), loop: true) };

Console.WriteLine($"{Environment.ProcessorCount} core(s), .NET {Environment.Version}; each step measures {seconds} s after a 3 s warm-up.");
Console.WriteLine("| calls | processing p50 | processing p99 | send lateness p50 | send lateness p99 | max | dropped | late sends (bot) | late sends (emulator) | CPU |");
Console.WriteLine("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
var callIds = new List<string>();
var best = 0;
foreach (var target in steps)
{
    while (callIds.Count < target)
    {
        callIds.Add(await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = local.Options.AppId, FromUserId = Guid.NewGuid().ToString() }));
        if (callIds.Count % 25 == 0)
        {
            await Task.Delay(100);
        }
    }

    var connectDeadline = Stopwatch.StartNew();
    while (router.Connected.Count < target || callIds.Any(id => control.Media.GetStatistics(id)?.State != "connected"))
    {
        if (connectDeadline.Elapsed > TimeSpan.FromSeconds(120))
        {
            Console.WriteLine($"Only {router.Connected.Count} of {target} calls connected their media within 120 s; stopping.");
            goto done;
        }

        await Task.Delay(200);
    }

    await Task.Delay(TimeSpan.FromSeconds(3));
    var media = router.Connected.Values.ToArray();
    foreach (var m in media)
    {
        m.Statistics.ProcessingDelay.Reset();
        m.Statistics.SendDelay.Reset();
    }

    var dropped0 = media.Sum(m => m.Statistics.FramesDropped);
    var late0 = media.Sum(m => m.Statistics.LateFrames);
    var emulatorLate0 = callIds.Sum(id => control.Media.GetStatistics(id)!.LateSends);
    var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
    var wall = Stopwatch.StartNew();
    await Task.Delay(TimeSpan.FromSeconds(seconds));
    var cpu = (Process.GetCurrentProcess().TotalProcessorTime - cpu0) / (wall.Elapsed * Environment.ProcessorCount);
    var processing = new LatencyHistogram();
    var sending = new LatencyHistogram();
    foreach (var m in media)
    {
        processing.Add(m.Statistics.ProcessingDelay);
        sending.Add(m.Statistics.SendDelay);
    }

    var dropped = media.Sum(m => m.Statistics.FramesDropped) - dropped0;
    var late = media.Sum(m => m.Statistics.LateFrames) - late0;
    var emulatorLate = callIds.Sum(id => control.Media.GetStatistics(id)!.LateSends) - emulatorLate0;
    var p99 = Max(processing.GetPercentile(99), sending.GetPercentile(99));
    Console.WriteLine(string.Create(
        CultureInfo.InvariantCulture,
        $"| {target} | {Ms(processing.GetPercentile(50))} | {Ms(processing.GetPercentile(99))} | {Ms(sending.GetPercentile(50))} | {Ms(sending.GetPercentile(99))} | {Ms(Max(processing.Max, sending.Max))} | {dropped} | {late} of {sending.Count} | {emulatorLate} | {cpu:P0} |"));
    if (p99 < limit && dropped == 0)
    {
        best = target;
    }
}

done:
Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Largest step with p99 frame delay under {limit.TotalMilliseconds} ms and no dropped frame: {best} concurrent calls."));
foreach (var id in callIds.Where(id => control.GetCall(id)?.State != "terminated"))
{
    await control.HangUpAsync(id);
}

await app.StopAsync();
return 0;

static string Ms(TimeSpan value) => value.TotalMilliseconds.ToString("0.00", CultureInfo.InvariantCulture) + " ms";

static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

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

string Option(string name, string fallback)
{
    var index = Array.IndexOf(args, name);
    return index >= 0 && index + 1 < args.Length ? args[index + 1] : fallback;
}
