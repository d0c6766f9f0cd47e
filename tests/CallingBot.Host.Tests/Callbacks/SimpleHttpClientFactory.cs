namespace CallingBot.Host.Tests.Callbacks;

/// <summary>An IHttpClientFactory handing out plain clients that do not dispose a shared handler.</summary>
public sealed class SimpleHttpClientFactory : IHttpClientFactory, IDisposable
{
    private readonly HttpMessageHandler _handler = new SocketsHttpHandler();

    public HttpClient CreateClient(string name) => new(_handler, disposeHandler: false);

    public void Dispose() => _handler.Dispose();
}
