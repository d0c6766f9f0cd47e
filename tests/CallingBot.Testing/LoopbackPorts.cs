using System.Net;
using System.Net.Sockets;

namespace CallingBot.Testing;

/// <summary>Ports on 127.0.0.1 for servers a test starts as child processes (which cannot report a dynamic port back).</summary>
public static class LoopbackPorts
{
    /// <summary>A loopback port free at the time of asking (another process may take it before it is bound).</summary>
    public static int Free()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
