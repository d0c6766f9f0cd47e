using System.Text.Json.Nodes;
using CallingBot.Emulator.Identity;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Signs Call Automation callbacks as ACS does: an RS256 JWT in the Authorization header, audience the resource id,
/// five minutes of life, issued by the emulator's https address, whose OpenID configuration
/// (<c>/calling/.well-known/acsopenidconfiguration</c>) and keys (<c>/calling/keys</c>) the emulator publishes.
/// </summary>
internal sealed class AcsCallbackTokens(SigningKey key, AcsEmulatorOptions options, TimeProvider time)
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(5);

    private readonly JsonWebTokenHandler _handler = new() { SetDefaultTimesOnTokenCreation = false };

    /// <summary>The emulator's https address without its trailing slash, set once the listener is up.</summary>
    public string Issuer { get; set; } = "https://127.0.0.1";

    public string Issue()
    {
        var now = time.GetUtcNow();
        var claims = new Dictionary<string, object>
        {
            ["aud"] = options.ResourceId,
            ["iss"] = Issuer,
            ["iat"] = now.ToUnixTimeSeconds(),
            ["nbf"] = now.ToUnixTimeSeconds(),
            ["exp"] = (now + Lifetime).ToUnixTimeSeconds(),
            ["jti"] = Guid.NewGuid().ToString("N"),
        };
        return _handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = key.Credentials });
    }

    public JsonObject OpenIdConfiguration() => new()
    {
        ["issuer"] = Issuer,
        ["jwks_uri"] = Issuer + "/calling/keys",
        ["id_token_signing_alg_values_supported"] = new JsonArray("RS256"),
    };

    public JsonObject Keys() => new()
    {
        ["keys"] = new JsonArray(new JsonObject
        {
            ["kty"] = "RSA",
            ["use"] = "sig",
            ["alg"] = "RS256",
            ["kid"] = key.KeyId,
            ["n"] = key.Modulus,
            ["e"] = key.Exponent,
        }),
    };
}
