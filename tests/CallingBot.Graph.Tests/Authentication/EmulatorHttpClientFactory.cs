using CallingBot.Emulator;

namespace CallingBot.Graph.Tests.Authentication;

/// <summary>Clients that trust the emulator's certificate and count the requests they send.</summary>
public sealed class EmulatorHttpClientFactory(GraphEmulator emulator) : IHttpClientFactory
{
    private int _requests;

    public int Requests => Volatile.Read(ref _requests);

    public HttpClient CreateClient(string name) => new(new CountingHandler(this, emulator.CreateTrustingHandler()));

    private sealed class CountingHandler(EmulatorHttpClientFactory owner, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref owner._requests);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
