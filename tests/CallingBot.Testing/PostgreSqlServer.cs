using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace CallingBot.Testing;

/// <summary>
/// A real PostgreSQL server (the Debian package; <c>.ci/run</c> installs it) in a temporary directory on a free loopback
/// port, trusting local connections, without fsync (a committed transaction survives StopAsync, not a machine crash). As root it runs as the <c>postgres</c> user (initdb refuses root).
/// <see cref="StopAsync"/> and <see cref="StartAsync()"/> stop and start the same cluster (an outage); dispose stops the
/// server and removes its files. A server that cannot start fails the test: it never skips.
/// </summary>
public sealed class PostgreSqlServer : IAsyncDisposable
{
    private const string SuperUser = "postgres";

    private readonly DirectoryInfo _directory;
    private readonly string _binaries;
    private readonly string? _runAs;
    private readonly ProcessOutput _output = new();
    private Process? _process;

    private PostgreSqlServer(DirectoryInfo directory, string binaries, string? runAs, int port)
    {
        _directory = directory;
        _binaries = binaries;
        _runAs = runAs;
        Port = port;
    }

    public int Port { get; }

    private string DataDirectory => Path.Combine(_directory.FullName, "data");

    private string SocketDirectory => Path.Combine(_directory.FullName, "socket");

    /// <summary>Creates a cluster and starts it.</summary>
    public static async Task<PostgreSqlServer> StartNewAsync()
    {
        var binaries = FindBinaries();
        var runAs = Environment.UserName == "root" ? SuperUser : null;
        var directory = Directory.CreateTempSubdirectory("callingbot-postgres-");
        var server = new PostgreSqlServer(directory, binaries, runAs, LoopbackPorts.Free());
        try
        {
            Directory.CreateDirectory(server.SocketDirectory);
            if (runAs is not null)
            {
                await server.RunAsync("/usr/bin/chown", ["-R", runAs, directory.FullName], asUser: false);
            }

            await server.RunAsync(Path.Combine(binaries, "initdb"), ["-D", server.DataDirectory, "-U", SuperUser, "--auth=trust", "--encoding=UTF8", "--no-sync", "--no-instructions"], asUser: true);
            await server.StartAsync();
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>An Npgsql connection string to <paramref name="database"/> as the superuser.</summary>
    public string ConnectionString(string database) =>
        $"Host=127.0.0.1;Port={Port.ToString(CultureInfo.InvariantCulture)};Username={SuperUser};Database={database};Pooling=false;Timeout=5";

    /// <summary>Creates an empty database and returns its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await RunAsync(Path.Combine(_binaries, "createdb"), ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, name], asUser: false);
        return ConnectionString(name);
    }

    /// <summary>Starts the server (again) on the same port and data, and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        if (_process is { HasExited: false })
        {
            return;
        }

        var arguments = new List<string>
        {
            "-D", DataDirectory, "-p", Port.ToString(CultureInfo.InvariantCulture), "-k", SocketDirectory,
            // No fsync (the machine does not crash under a test), but commits wait for their WAL to be written: a commit
            // survives the immediate shutdown of StopAsync, as on a real server.
            "-c", "listen_addresses=127.0.0.1", "-c", "fsync=off", "-c", "full_page_writes=off",
        };
        var start = Start(Path.Combine(_binaries, "postgres"), arguments, asUser: true);
        _process = Process.Start(start) ?? throw new InvalidOperationException("postgres did not start.");
        _output.Attach(_process);
        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60));
    }

    /// <summary>Stops the server at once (an immediate shutdown, as after a crash); connections fail until <see cref="StartAsync()"/>.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        try
        {
            if (!process.HasExited)
            {
                // An immediate shutdown (SIGQUIT, as after a crash) also releases the server's shared memory.
                try
                {
                    await RunAsync(Path.Combine(_binaries, "pg_ctl"), ["stop", "-D", DataDirectory, "-m", "immediate", "-w", "-t", "20"], asUser: true);
                }
                catch (InvalidOperationException)
                {
                    // Killed below.
                }

                using var exited = new CancellationTokenSource(TimeSpan.FromSeconds(20));
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
        }
        finally
        {
            process.Dispose();
        }

        // The postmaster's children may still hold the port for a moment after it dies.
        await WaitUntilRefusedAsync(TimeSpan.FromSeconds(30));
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            _directory.Delete(recursive: true);
        }
    }

    private static string FindBinaries()
    {
        var root = "/usr/lib/postgresql";
        var found = Directory.Exists(root)
            ? Directory.GetDirectories(root)
                .Select(d => Path.Combine(d, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "postgres")) && File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), NumberStyles.None, CultureInfo.InvariantCulture, out var major) ? major : 0)
                .FirstOrDefault()
            : null;
        return found ?? throw new InvalidOperationException("PostgreSQL is not installed (apt-get install postgresql; .ci/run installs it): no /usr/lib/postgresql/*/bin/postgres.");
    }

    private ProcessStartInfo Start(string program, IReadOnlyList<string> arguments, bool asUser)
    {
        var start = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _directory.FullName,
        };
        if (asUser && _runAs is not null)
        {
            // setpriv replaces itself with the program: killing the process kills the server itself.
            start.FileName = "/usr/bin/setpriv";
            foreach (var argument in new[] { $"--reuid={_runAs}", $"--regid={_runAs}", "--init-groups", "--", program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        else
        {
            start.FileName = program;
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return start;
    }

    private async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asUser)
    {
        using var process = Process.Start(Start(program, arguments, asUser)) ?? throw new InvalidOperationException($"{program} did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} exited with {process.ExitCode}: {await output}{await error}");
        }
    }

    private async Task WaitUntilReadyAsync(TimeSpan timeout)
    {
        var ready = Path.Combine(_binaries, "pg_isready");
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (_process is null || _process.HasExited)
            {
                throw new InvalidOperationException($"postgres exited before accepting connections: {_output}");
            }

            using (var probe = Process.Start(Start(ready, ["-h", "127.0.0.1", "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", SuperUser, "-d", SuperUser], asUser: false))!)
            {
                await probe.WaitForExitAsync();
                if (probe.ExitCode == 0)
                {
                    return;
                }
            }

            if (watch.Elapsed > timeout)
            {
                throw new TimeoutException($"postgres on port {Port} did not accept connections within {timeout}: {_output}");
            }

            await Task.Delay(100);
        }
    }

    private async Task WaitUntilRefusedAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        while (watch.Elapsed < timeout)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
            }
            catch (SocketException)
            {
                return;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"postgres on port {Port} still accepted connections {timeout} after it was killed.");
    }
}
