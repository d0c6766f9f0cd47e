using System.Globalization;
using System.Runtime.InteropServices;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using CallingBot.Media.Bench.Load;

namespace CallingBot.Media.Bench;

/// <summary>
/// <c>dotnet run -c Release -- [BenchmarkDotNet arguments]</c> runs the micro-benchmarks;
/// <c>dotnet run -c Release -- --load 250,500,750 [--seconds 20]</c> runs real-time load steps and reports
/// the largest call count whose p99 frame delay stays under 5 ms.
/// </summary>
internal static class Program
{
    public static async Task<int> Main(string[] args)
    {
        var load = Array.IndexOf(args, "--load");
        if (load < 0)
        {
            var config = DefaultConfig.Instance.AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance));
            BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args, config);
            return 0;
        }

        var steps = args[load + 1].Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var secondsAt = Array.IndexOf(args, "--seconds");
        var seconds = secondsAt >= 0 ? int.Parse(args[secondsAt + 1], CultureInfo.InvariantCulture) : 20;

        Console.WriteLine($"{RuntimeInformation.OSDescription}, {RuntimeInformation.ProcessArchitecture}, {Environment.ProcessorCount} logical cores, .NET {Environment.Version}");
        Console.WriteLine($"Each step: calls start over 1 s, 3 s warm-up, then {seconds} s measured.");
        Console.WriteLine();
        Console.WriteLine(LoadTest.Header);
        var best = 0;
        foreach (var calls in steps)
        {
            var result = await LoadTest.RunAsync(calls, TimeSpan.FromSeconds(seconds), TimeSpan.FromSeconds(3));
            Console.WriteLine(LoadTest.Row(result));
            if (result.Passes)
            {
                best = Math.Max(best, calls);
            }

            GC.Collect();
            await Task.Delay(TimeSpan.FromSeconds(1));
        }

        Console.WriteLine();
        Console.WriteLine($"Largest tested call count with p99 frame delay under 5 ms and no drops: {best}");
        return 0;
    }
}
