using System.Diagnostics;
using System.Globalization;
using CallingBot.Emulator;
using CallingBot.Emulator.Bench;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Identity;

// Places N incoming calls to a sink bot and hangs them all up: 2 notifications per call, each an HTTPS POST with
// a signed bearer token. Reports delivered notifications per second (wall clock, first placement to last delivery).
var calls = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 5000;
var rounds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 3;

var options = new EmulatorOptions { AnswerTimeout = TimeSpan.FromHours(1), HttpPort = null };
await using var emulator = await GraphEmulator.StartAsync(options);
await using var bot = await SinkBot.StartAsync(emulator.TlsCertificate);
const string appId = "9d1f3c2b-8a7e-4f60-b5d4-3e2a1c0f9b87";
emulator.RegisterApplication(new EmulatedApplication { AppId = appId, ClientSecret = "bench", CallbackUri = bot.CallbackUri });
var control = emulator.Control;

// Warm up connections, JIT and the token cache.
await RunRoundAsync(200);

var results = new List<double>();
for (var round = 1; round <= rounds; round++)
{
    var rate = await RunRoundAsync(calls);
    results.Add(rate);
    Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "round {0}: {1} notifications in total, {2:N0} delivered/s", round, calls * 2, rate));
}

Console.WriteLine(string.Format(CultureInfo.InvariantCulture, "median: {0:N0} notifications/s ({1} processors)", results.Order().ElementAt(results.Count / 2), Environment.ProcessorCount));
return 0;

async Task<double> RunRoundAsync(int count)
{
    var start = control.Statistics.Delivered;
    var failedBefore = control.Statistics.Failed;
    var watch = Stopwatch.StartNew();
    var ids = new string[count];
    for (var i = 0; i < count; i++)
    {
        ids[i] = await control.PlaceIncomingCallAsync(new IncomingCallRequest { AppId = appId });
    }

    foreach (var id in ids)
    {
        await control.HangUpAsync(id);
    }

    var target = start + (count * 2);
    while (control.Statistics.Delivered + (control.Statistics.Failed - failedBefore) < target)
    {
        await Task.Delay(1);
    }

    watch.Stop();
    if (control.Statistics.Failed != failedBefore)
    {
        Console.WriteLine($"warning: {control.Statistics.Failed - failedBefore} deliveries failed");
    }

    return count * 2 / watch.Elapsed.TotalSeconds;
}
