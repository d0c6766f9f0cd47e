using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>
/// A tiny OpenID metadata server on 127.0.0.1 publishing a test issuer's keys: plain http, or https with the given
/// certificate. Its <c>issuer</c> is its base address.
/// </summary>
public sealed class TestOpenIdServer : IAsyncDisposable
{
    private readonly TestTokenIssuer _issuer;
    private LoopbackServer _server = null!;
    private int _keyFetches;
    private int _metadataFetches;

    private TestOpenIdServer(TestTokenIssuer issuer)
    {
        _issuer = issuer;
    }

    public Uri BaseAddress => _server.BaseAddress;

    public Uri MetadataUrl => new(BaseAddress, ".well-known/openid-configuration");

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    /// <summary>Requests for the OpenID metadata document, answered or not.</summary>
    public int MetadataFetches => Volatile.Read(ref _metadataFetches);

    /// <summary>When true, every request gets 503.</summary>
    public bool Failing { get; set; }

    public static async Task<TestOpenIdServer> StartAsync(TestTokenIssuer issuer, X509Certificate2? certificate = null)
    {
        var openId = new TestOpenIdServer(issuer);
        openId._server = certificate is null
            ? await LoopbackServer.StartHttpAsync(openId.Map)
            : await LoopbackServer.StartHttpsAsync(openId.Map, certificate);
        return openId;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private void Map(WebApplication app)
    {
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref _metadataFetches);
            return Failing
                ? Results.StatusCode(503)
                : Results.Content(new JsonObject
                {
                    ["issuer"] = BaseAddress.AbsoluteUri,
                    ["jwks_uri"] = new Uri(BaseAddress, "keys").AbsoluteUri,
                }.ToJsonString(), "application/json");
        });
        app.MapGet("/keys", () =>
        {
            if (Failing)
            {
                return Results.StatusCode(503);
            }

            Interlocked.Increment(ref _keyFetches);
            var keys = new JsonArray();
            foreach (var jwk in _issuer.PublishedJwks())
            {
                keys.Add(new JsonObject { ["kty"] = jwk.Kty, ["use"] = jwk.Use, ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E });
            }

            return Results.Content(new JsonObject { ["keys"] = keys }.ToJsonString(), "application/json");
        });
    }
}
