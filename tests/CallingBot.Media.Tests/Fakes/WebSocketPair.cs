using System.Net;
using System.Net.Sockets;
using System.Net.WebSockets;

namespace CallingBot.Media.Tests.Fakes;

/// <summary>Two WebSockets connected over a loopback TCP connection: the bot's side (server) and the service's (client).</summary>
internal sealed class WebSocketPair : IDisposable
{
    private readonly TcpClient _client;
    private readonly TcpClient _server;

    private WebSocketPair(TcpClient client, TcpClient server)
    {
        _client = client;
        _server = server;
        Service = WebSocket.CreateFromStream(client.GetStream(), new WebSocketCreationOptions { IsServer = false });
        Bot = WebSocket.CreateFromStream(server.GetStream(), new WebSocketCreationOptions { IsServer = true });
    }

    public WebSocket Bot { get; }

    public WebSocket Service { get; }

    public static async Task<WebSocketPair> ConnectAsync()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var client = new TcpClient();
        var accepting = listener.AcceptTcpClientAsync();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        return new WebSocketPair(client, await accepting);
    }

    public void Dispose()
    {
        Bot.Dispose();
        Service.Dispose();
        _client.Dispose();
        _server.Dispose();
    }
}
