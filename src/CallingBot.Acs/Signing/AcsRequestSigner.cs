using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CallingBot.Acs.Signing;

/// <summary>
/// The ACS access-key scheme: HMAC-SHA256 with the base64-decoded access key over
/// <c>VERB\npathAndQuery\nx-ms-date;host;x-ms-content-sha256</c>, sent as
/// <c>Authorization: HMAC-SHA256 SignedHeaders=x-ms-date;host;x-ms-content-sha256&amp;Signature=...</c>.
/// </summary>
public sealed class AcsRequestSigner : IDisposable
{
    /// <summary>The headers signed, in signing order, as they appear in the Authorization header.</summary>
    public const string SignedHeaders = "x-ms-date;host;x-ms-content-sha256";

    public const string DateHeader = "x-ms-date";

    public const string ContentHashHeader = "x-ms-content-sha256";

    private readonly HMACSHA256 _hmac;
    private readonly Lock _gate = new();

    /// <param name="accessKey">The resource's base64 access key.</param>
    public AcsRequestSigner(string accessKey)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(accessKey);
        byte[] key;
        try
        {
            key = Convert.FromBase64String(accessKey);
        }
        catch (FormatException)
        {
            throw new ArgumentException("The ACS access key must be base64.", nameof(accessKey));
        }

        _hmac = new HMACSHA256(key);
        CryptographicOperations.ZeroMemory(key);
    }

    /// <summary>Base64 of the SHA-256 of <paramref name="content"/> (the empty body hashes too).</summary>
    public static string ComputeContentHash(ReadOnlySpan<byte> content) => Convert.ToBase64String(SHA256.HashData(content));

    /// <summary>The <c>x-ms-date</c> value: RFC 1123 in GMT, e.g. <c>Sun, 06 Nov 1994 08:49:37 GMT</c>.</summary>
    public static string FormatDate(DateTimeOffset date) => date.UtcDateTime.ToString("R", CultureInfo.InvariantCulture);

    /// <summary>The string the signature covers.</summary>
    public static string BuildStringToSign(string method, string pathAndQuery, string date, string host, string contentHash)
    {
        ArgumentNullException.ThrowIfNull(method);
        return $"{method.ToUpperInvariant()}\n{pathAndQuery}\n{date};{host};{contentHash}";
    }

    /// <summary>Base64 HMAC-SHA256 of <paramref name="stringToSign"/> with the access key.</summary>
    public string ComputeSignature(string stringToSign)
    {
        ArgumentNullException.ThrowIfNull(stringToSign);
        var bytes = Encoding.UTF8.GetBytes(stringToSign);
        lock (_gate)
        {
            return Convert.ToBase64String(_hmac.ComputeHash(bytes));
        }
    }

    /// <summary>The full Authorization header value for the given request parts.</summary>
    public string CreateAuthorization(string method, string pathAndQuery, string date, string host, string contentHash) =>
        $"HMAC-SHA256 SignedHeaders={SignedHeaders}&Signature={ComputeSignature(BuildStringToSign(method, pathAndQuery, date, host, contentHash))}";

    public void Dispose() => _hmac.Dispose();
}
