using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.ApiAccess;

/// <summary>
/// The API key of local mode: the configured <c>CallingBot:Api:ApiKey</c>, or a random key generated once per run.
/// Compares candidates in constant time.
/// </summary>
internal sealed class ApiKeyStore
{
    private readonly byte[] _keyHash;

    public ApiKeyStore(IOptions<ApiSecurityOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var configured = options.Value.ApiKey?.Trim();
        IsGenerated = string.IsNullOrEmpty(configured);
        Key = IsGenerated ? Base64UrlEncode(RandomNumberGenerator.GetBytes(32)) : configured!;
        _keyHash = SHA256.HashData(Encoding.UTF8.GetBytes(Key));
    }

    /// <summary>The effective key. Never logged.</summary>
    public string Key { get; }

    /// <summary>True when no key was configured and <see cref="Key"/> was generated for this run.</summary>
    public bool IsGenerated { get; }

    /// <summary>Whether <paramref name="candidate"/> is the key; constant time in the key's content.</summary>
    public bool Matches(string? candidate)
    {
        if (string.IsNullOrEmpty(candidate) || candidate.Length > 1024)
        {
            return false;
        }

        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(candidate));
        return CryptographicOperations.FixedTimeEquals(hash, _keyHash);
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
