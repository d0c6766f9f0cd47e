using CallingBot.Core.Registry;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Graph.Tests.Infrastructure;

/// <summary>The Graph adapter with the real SDK that never reaches Graph: tests hand it notifications directly.</summary>
public static class OfflineGraph
{
    public const string AppId = "0d8b6a1e-5c3f-4e2a-9b7d-1f0e2d3c4b5a";

    public const string Tenant = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b";

    public static readonly Uri CallbackUrl = new("https://bot.example.com/api/calling");

    /// <summary>A platform whose token requests and HTTP requests fail the test: nothing may be sent to Graph.</summary>
    public static GraphCallingPlatform CreatePlatform(ILoggerFactory loggerFactory, ICallRegistry registry) =>
        new(Options.Create(new GraphCallingOptions { AppId = AppId, TenantId = Tenant }), new NoTokens(), new NoHttp(), TimeProvider.System, loggerFactory, registry);

    private sealed class NoTokens : IGraphTokenSource
    {
        public Task<string> GetTokenAsync(string? tenantId, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("These tests send nothing to Graph.");
    }

    private sealed class NoHttp : IHttpClientFactory
    {
        public HttpClient CreateClient(string name) => new(new RefusingHandler());

        private sealed class RefusingHandler : HttpMessageHandler
        {
            protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
                throw new InvalidOperationException("These tests send nothing to Graph.");
        }
    }
}
