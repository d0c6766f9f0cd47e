using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallingBot.Testing;

/// <summary>
/// A real Azurite Blob Storage emulator (npm package <c>azurite</c>; <c>.ci/run</c> installs it under <c>.tools/azurite</c>)
/// on a free loopback port with a temporary data directory, killed and removed on dispose. <see cref="StopAsync"/> and
/// <see cref="StartAgainAsync"/> take it down and bring it back on the same port with the same data, as an outage
/// would. Starting fails the test when the server cannot run.
/// </summary>
public sealed class AzuriteServer : IAsyncDisposable
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string AccountName = "devstoreaccount1";

    private const string AccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    private readonly string _executable;
    private readonly DirectoryInfo _location;
    private readonly ProcessOutput _output = new();
    private Process? _process;

    private AzuriteServer(string executable, DirectoryInfo location, int port)
    {
        _executable = executable;
        _location = location;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The connection string of the development account on this server.</summary>
    public string ConnectionString =>
        $"DefaultEndpointsProtocol=http;AccountName={AccountName};AccountKey={AccountKey};BlobEndpoint=http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName};";

    public static async Task<AzuriteServer> StartAsync()
    {
        var executable = FindExecutable();
        var server = new AzuriteServer(executable, Directory.CreateTempSubdirectory("callingbot-azurite-"), LoopbackPorts.Free());
        try
        {
            await server.StartAgainAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>Starts the server (again) on <see cref="Port"/> with the same data, and waits until it answers.</summary>
    public async Task StartAgainAsync()
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException("Azurite is running already.");
        }

        var start = new ProcessStartInfo(_executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--blobHost", "127.0.0.1", "--blobPort", Port.ToString(CultureInfo.InvariantCulture), "--location", _location.FullName, "--skipApiVersionCheck", "--disableTelemetry" })
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            _process = Process.Start(start) ?? throw new InvalidOperationException("azurite-blob did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            throw new InvalidOperationException($"azurite-blob could not be started from {_executable} (.ci/run installs it: npm install --prefix .tools/azurite azurite).", exception);
        }

        _output.Attach(_process);
        await WaitUntilAnsweringAsync(_process, TimeSpan.FromSeconds(60));
    }

    /// <summary>
    /// Stops the server (an outage): SIGTERM, so that it writes its data for <see cref="StartAgainAsync"/>, then a kill
    /// if it has not exited within 10 s.
    /// </summary>
    public async Task StopAsync()
    {
        if (_process is { } process)
        {
            if (!process.HasExited)
            {
                using (var term = Process.Start(new ProcessStartInfo("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]) { UseShellExecute = false }))
                {
                    await term!.WaitForExitAsync();
                }

                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(10));
                try
                {
                    await process.WaitForExitAsync(exited.Token);
                }
                catch (OperationCanceledException)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }

            process.Dispose();
            _process = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _location.Delete(recursive: true);
        }
    }

    private async Task WaitUntilAnsweringAsync(Process process, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"azurite-blob exited with {process.ExitCode} before answering: {_output}");
            }

            try
            {
                // Any HTTP answer (400 for a request without an account) means the blob service listens.
                using var response = await client.GetAsync(new Uri($"http://127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}/{AccountName}?comp=list"));
                return;
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline)
            {
            }
            catch (TaskCanceledException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"azurite-blob on port {Port} did not answer within {timeout}: {_output}");
            }

            await Task.Delay(100);
        }
    }

    private static string FindExecutable()
    {
        if (Environment.GetEnvironmentVariable("AZURITE_BLOB") is { Length: > 0 } configured)
        {
            return configured;
        }

        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallingBot.sln")))
            {
                var local = Path.Combine(directory.FullName, ".tools", "azurite", "node_modules", ".bin", "azurite-blob");
                if (File.Exists(local))
                {
                    return local;
                }

                break;
            }
        }

        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(path => Path.Combine(path, "azurite-blob"))
            .FirstOrDefault(File.Exists);
        return onPath ?? throw new InvalidOperationException("azurite-blob is not installed: run .ci/run, or npm install --prefix .tools/azurite azurite@3.37.0 at the repository's root (or set AZURITE_BLOB).");
    }
}
