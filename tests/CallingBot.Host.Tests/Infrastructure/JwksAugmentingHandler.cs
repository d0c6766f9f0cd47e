using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>
/// Sits in the bot's metadata HttpClient: passes requests to the emulator and adds the test issuer's published keys to
/// every JWKS document it returns, so the bot trusts test-signed tokens exactly as it trusts the emulator's.
/// </summary>
public sealed class JwksAugmentingHandler(TestTokenIssuer issuer) : DelegatingHandler
{
    private int _keyFetches;

    public int KeyFetches => Volatile.Read(ref _keyFetches);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        if (!request.RequestUri!.AbsolutePath.EndsWith("/keys", StringComparison.Ordinal) || !response.IsSuccessStatusCode)
        {
            return response;
        }

        Interlocked.Increment(ref _keyFetches);
        var document = JsonNode.Parse(await response.Content.ReadAsStringAsync(cancellationToken))!.AsObject();
        var keys = document["keys"]!.AsArray();
        foreach (var jwk in issuer.PublishedJwks())
        {
            keys.Add(new JsonObject { ["kty"] = jwk.Kty, ["use"] = jwk.Use, ["kid"] = jwk.Kid, ["n"] = jwk.N, ["e"] = jwk.E });
        }

        response.Content = new StringContent(document.ToJsonString());
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return response;
    }
}
