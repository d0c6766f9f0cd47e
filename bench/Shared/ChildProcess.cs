using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CallingBot.Bench.Shared;

/// <summary>A process the benchmark started (redis-server, the emulator, a bot instance), killed with its tree when disposed.</summary>
internal sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly TextWriter? _output;

    private ChildProcess(Process process, string name, TextWriter? output)
    {
        _process = process;
        _output = output;
        Name = name;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static ChildProcess Start(string name, string fileName, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        if (workingDirectory is not null)
        {
            start.WorkingDirectory = workingDirectory;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{name} did not start.");
        // CALLINGBOT_BENCH_CHILD_OUTPUT=<directory> keeps each child's standard output in <directory>/<name>.log.
        var keep = Environment.GetEnvironmentVariable("CALLINGBOT_BENCH_CHILD_OUTPUT") is { Length: > 0 } directory
            ? TextWriter.Synchronized(new StreamWriter(Path.Combine(directory, name + ".log"), append: false) { AutoFlush = true })
            : null;
        process.OutputDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                keep?.WriteLine(e.Data);
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            if (!string.IsNullOrWhiteSpace(e.Data))
            {
                Console.Error.WriteLine($"[{name}] {e.Data}");
            }
        };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ChildProcess(process, name, keep);
    }

    /// <summary>SIGKILL, no drain: the process vanishes as on a crash.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        // Also waits for the last output lines to be handled, before their file is closed.
        await _process.WaitForExitAsync().ConfigureAwait(false);
        _process.Dispose();
        _output?.Dispose();
    }

    /// <summary>
    /// Waits until this process answers a GET of <paramref name="address"/> (relative to the client's base address, or
    /// absolute) with a success status; fails at once if the process exits first (its errors are on the console).
    /// </summary>
    public Task WaitUntilServingAsync(HttpClient client, Uri address, string phase, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(client);
        return WaitUntilAsync(
            async () =>
            {
                if (HasExited)
                {
                    throw new InvalidOperationException($"The {Name} exited at start (its errors are above).");
                }

                using var response = await client.GetAsync(address).ConfigureAwait(false);
                return response.IsSuccessStatusCode;
            },
            phase,
            timeout);
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Waits until <paramref name="ready"/> holds, failing with the phase's name after <paramref name="timeout"/>.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> ready, string phase, TimeSpan timeout, TimeSpan? interval = null)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await ready().ConfigureAwait(false))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }
            catch (KeyNotFoundException)
            {
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"Phase '{phase}' did not complete within {timeout.TotalSeconds:0} s.");
            }

            await Task.Delay(interval ?? TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
        }
    }
}
