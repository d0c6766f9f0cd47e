using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace CallingBot.Emulator.Acs;

/// <summary>
/// Checks the access-key signature the way ACS does: <c>x-ms-date</c> within the allowed skew,
/// <c>x-ms-content-sha256</c> equal to the body's hash, and the HMAC-SHA256 of
/// <c>VERB\npathAndQuery\ndate;host;contentHash</c> equal to the Authorization header's Signature.
/// </summary>
internal sealed class AcsSignatureVerifier(AcsEmulatorOptions options, TimeProvider time)
{
    private const string Scheme = "HMAC-SHA256 ";
    private const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";
    private readonly byte[] _key = Convert.FromBase64String(options.AccessKey);

    /// <summary>Null when the request is authentic, else why it is not.</summary>
    public string? Verify(HttpContext context, ReadOnlySpan<byte> body)
    {
        var request = context.Request;
        var authorization = request.Headers.Authorization.ToString();
        if (!authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return "the Authorization header must use the HMAC-SHA256 scheme";
        }

        string? signedHeaders = null;
        string? signature = null;
        foreach (var part in authorization[Scheme.Length..].Split('&'))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                continue;
            }

            var name = part[..equals].Trim();
            if (name.Equals("SignedHeaders", StringComparison.OrdinalIgnoreCase))
            {
                signedHeaders = part[(equals + 1)..];
            }
            else if (name.Equals("Signature", StringComparison.OrdinalIgnoreCase))
            {
                signature = part[(equals + 1)..];
            }
        }

        if (!string.Equals(signedHeaders, SignedHeaders, StringComparison.OrdinalIgnoreCase))
        {
            return $"SignedHeaders must be {SignedHeaders}";
        }

        if (string.IsNullOrEmpty(signature))
        {
            return "the Authorization header has no Signature";
        }

        var date = request.Headers["x-ms-date"].ToString();
        if (!DateTimeOffset.TryParseExact(date, "R", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var sent))
        {
            return "x-ms-date must be an RFC 1123 date";
        }

        if ((time.GetUtcNow() - sent).Duration() > options.MaxClockSkew)
        {
            return "x-ms-date is too far from the current time";
        }

        var contentHash = request.Headers["x-ms-content-sha256"].ToString();
        if (contentHash != Convert.ToBase64String(SHA256.HashData(body)))
        {
            return "x-ms-content-sha256 does not match the body";
        }

        var pathAndQuery = context.Features.Get<IHttpRequestFeature>()?.RawTarget is { Length: > 0 } raw
            ? raw
            : request.Path.ToUriComponent() + request.QueryString.ToUriComponent();
        var stringToSign = $"{request.Method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{request.Host.Value};{contentHash}";
        var expected = HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign));
        var buffer = new byte[signature.Length];
        if (!Convert.TryFromBase64String(signature, buffer, out var written)
            || !CryptographicOperations.FixedTimeEquals(expected, buffer.AsSpan(0, written)))
        {
            return "the signature does not match (check the access key, the host and the path signed)";
        }

        return null;
    }
}
