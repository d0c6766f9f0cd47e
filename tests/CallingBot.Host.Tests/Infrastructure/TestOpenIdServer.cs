using System.Net;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>
/// A tiny OpenID metadata server on 127.0.0.1 publishing a test issuer's keys: plain http, or https with the given
/// certificate. Its <c>issuer</c> is its base address.
/// </summary>
public sealed class TestOpenIdServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _keyFetches;

    private TestOpenIdServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri MetadataUrl => new(BaseAddress, ".well-known/openid-configuration");

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    /// <summary>When true, every request gets 503.</summary>
    public bool Failing { get; set; }

    public static async Task<TestOpenIdServer> StartAsync(TestTokenIssuer issuer, X509Certificate2? certificate = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen =>
        {
            if (certificate is not null)
            {
                listen.UseHttps(certificate);
            }
        }));
        var app = builder.Build();
        TestOpenIdServer? server = null;
        app.MapGet("/.well-known/openid-configuration", (HttpContext context) => server!.Failing
            ? Results.StatusCode(503)
            : Results.Content(new JsonObject
            {
                ["issuer"] = server.BaseAddress.AbsoluteUri,
                ["jwks_uri"] = new Uri(server.BaseAddress, "keys").AbsoluteUri,
            }.ToJsonString(), "application/json"));
        app.MapGet("/keys", () =>
        {
            if (server!.Failing)
            {
                return Results.StatusCode(503);
            }

            Interlocked.Increment(ref server._keyFetches);
            var keys = new JsonArray();
            foreach (var jwk in issuer.PublishedJwks())
            {
                keys.Add(new JsonObject { ["kty"] = jwk.Kty, ["use"] = jwk.Use, ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E });
            }

            return Results.Content(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        server = new TestOpenIdServer(app, new Uri(address.TrimEnd('/') + "/"));
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
