using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.Host.Tests.Infrastructure;

/// <summary>
/// Test-owned RSA signing keys and a minter of notification tokens, valid or hostile. Published keys are served to the
/// bot (see <see cref="JwksAugmentingHandler"/>); unpublished keys sign tokens the bot must not trust.
/// </summary>
public sealed class TestTokenIssuer : IDisposable
{
    public const string CallingServiceAppId = "26a18ebc-cdf7-4a6a-91cb-beb352805e81";

    private static readonly JsonWebTokenHandler Handler = new() { SetDefaultTimesOnTokenCreation = false };
    private readonly List<RsaSecurityKey> _published = [];
    private readonly Lock _gate = new();

    public TestTokenIssuer()
    {
        Primary = CreateKey("test-primary");
        Publish(Primary);
    }

    /// <summary>The published key valid tokens are signed with.</summary>
    public RsaSecurityKey Primary { get; }

    public static RsaSecurityKey CreateKey(string keyId) => new(RSA.Create(2048)) { KeyId = keyId };

    public void Publish(RsaSecurityKey key)
    {
        lock (_gate)
        {
            _published.Add(key);
        }
    }

    /// <summary>Stops publishing a key (a key the authority has retired).</summary>
    public void Withdraw(RsaSecurityKey key)
    {
        lock (_gate)
        {
            _published.Remove(key);
        }
    }

    /// <summary>The published keys as JWKs (public parts only).</summary>
    public IReadOnlyList<JsonWebKey> PublishedJwks()
    {
        lock (_gate)
        {
            return _published.Select(k =>
            {
                var parameters = k.Rsa.ExportParameters(false);
                return new JsonWebKey
                {
                    Kty = "RSA",
                    Use = "sig",
                    Kid = k.KeyId,
                    N = Base64UrlEncoder.Encode(parameters.Modulus),
                    E = Base64UrlEncoder.Encode(parameters.Exponent),
                };
            }).ToList();
        }
    }

    /// <summary>Claims of a valid notification token; tests change them to build hostile ones.</summary>
    public static Dictionary<string, object> ValidClaims(string audience, string issuer, string tenantId, DateTimeOffset now) => new()
    {
        ["aud"] = audience,
        ["iss"] = issuer,
        ["tid"] = tenantId,
        ["azp"] = CallingServiceAppId,
        ["appid"] = CallingServiceAppId,
        ["idtyp"] = "app",
        ["iat"] = now.ToUnixTimeSeconds(),
        ["nbf"] = now.AddMinutes(-5).ToUnixTimeSeconds(),
        ["exp"] = now.AddHours(1).ToUnixTimeSeconds(),
        ["ver"] = "2.0",
    };

    public static string Sign(IDictionary<string, object> claims, SecurityKey key, string algorithm = SecurityAlgorithms.RsaSha256) =>
        Handler.CreateToken(new SecurityTokenDescriptor { Claims = claims, SigningCredentials = new SigningCredentials(key, algorithm) });

    public string Sign(IDictionary<string, object> claims) => Sign(claims, Primary);

    /// <summary>A token with an arbitrary header and payload and the given signature part (empty for <c>alg: none</c>).</summary>
    public static string Raw(object header, IDictionary<string, object> claims, string signature = "") =>
        $"{Encode(header)}.{Encode(claims)}.{signature}";

    /// <summary>HS256 with the RSA public key as the HMAC secret: the classic key-confusion attack.</summary>
    public static string SignHs256WithPublicKey(IDictionary<string, object> claims, RsaSecurityKey publicKey)
    {
        var header = new Dictionary<string, object> { ["alg"] = "HS256", ["typ"] = "JWT", ["kid"] = publicKey.KeyId };
        var signingInput = $"{Encode(header)}.{Encode(claims)}";
        var secret = publicKey.Rsa.ExportSubjectPublicKeyInfo();
        var signature = HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(signingInput));
        return $"{signingInput}.{Base64UrlEncoder.Encode(signature)}";
    }

    private static string Encode(object value) => Base64UrlEncoder.Encode(JsonSerializer.SerializeToUtf8Bytes(value));

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var key in _published)
            {
                key.Rsa.Dispose();
            }
        }
    }
}
