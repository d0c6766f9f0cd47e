using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using CallingBot.Testing;

namespace CallingBot.Cluster.Tests.Infrastructure;

/// <summary>
/// A real redis-server (the Debian package; <c>.ci/run</c> installs it) on a free loopback port with a temporary
/// directory and no persistence, killed and removed on dispose. Starting fails the test when the server cannot run.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly DirectoryInfo _directory;
    private readonly ProcessOutput _output;

    private RedisServer(Process process, DirectoryInfo directory, int port, ProcessOutput output)
    {
        _process = process;
        _directory = directory;
        Port = port;
        _output = output;
    }

    public int Port { get; }

    /// <summary>StackExchange.Redis connection string of the server.</summary>
    public string ConnectionString => $"127.0.0.1:{Port}";

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("callingbot-redis-");
        var port = FreePort();
        var start = new ProcessStartInfo("redis-server")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no", "--dir", directory.FullName })
        {
            start.ArgumentList.Add(argument);
        }

        Process process;
        try
        {
            process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        }
        catch (System.ComponentModel.Win32Exception exception)
        {
            directory.Delete(recursive: true);
            throw new InvalidOperationException("redis-server is not installed (apt-get install redis-server; .ci/run installs it).", exception);
        }

        var output = ProcessOutput.Capture(process);
        var server = new RedisServer(process, directory, port, output);
        try
        {
            await server.WaitForPingAsync(TimeSpan.FromSeconds(20));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        finally
        {
            _process.Dispose();
            _directory.Delete(recursive: true);
        }
    }

    private async Task WaitForPingAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with {_process.ExitCode} before answering PING: {_output}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, Port);
                var stream = client.GetStream();
                await stream.WriteAsync("PING\r\n"u8.ToArray());
                var buffer = new byte[16];
                var read = await stream.ReadAsync(buffer);
                if (Encoding.ASCII.GetString(buffer, 0, read).StartsWith("+PONG", StringComparison.Ordinal))
                {
                    return;
                }
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"redis-server on port {Port} did not answer PING within {timeout}: {_output}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>The settings that put a bot instance into this server's cluster <paramref name="clusterId"/>, on a free silo port.</summary>
    public Dictionary<string, string?> ClusterSettings(string clusterId) => new()
    {
        ["CallingBot:Cluster:Mode"] = "Redis",
        ["CallingBot:Cluster:RedisConnectionString"] = ConnectionString,
        ["CallingBot:Cluster:ClusterId"] = clusterId,
        ["CallingBot:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["CallingBot:Cluster:SiloPort"] = FreePort().ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    /// <summary>A loopback port free at the time of asking.</summary>
    public static int FreePort() => LoopbackPorts.Free();
}
