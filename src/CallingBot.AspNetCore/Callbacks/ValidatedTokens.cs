using System.Collections.Concurrent;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// The callback tokens that passed every check, by their exact text, so that the next request with the same token
/// (Graph puts one token on every notification to a bot and tenant for a good part of its hour) is not parsed and its
/// signature not verified again. An entry answers only while the signing keys it was verified with are still the
/// authority's current keys (the same key set, not refreshed since) and the token is within its lifetime, checked on
/// every use exactly as the full check does; otherwise the token is checked afresh. Only a token that passed every
/// check is ever added, so a forged or foreign token never reaches the cache, and at most <see cref="Capacity"/> are
/// kept.
/// </summary>
internal sealed class ValidatedTokens
{
    /// <summary>Tokens kept at most; beyond, expired entries are dropped, and if that frees nothing, all of them.</summary>
    public const int Capacity = 256;

    private readonly ConcurrentDictionary<string, Entry> _entries;
    private readonly ConcurrentDictionary<string, Entry>.AlternateLookup<ReadOnlySpan<char>> _byText;

    public ValidatedTokens()
    {
        _entries = new(StringComparer.Ordinal);
        _byText = _entries.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public int Count => _entries.Count;

    /// <summary>The entry of the token whose text is <paramref name="token"/>, and that token as kept.</summary>
    public bool TryGet(ReadOnlySpan<char> token, out string kept, out Entry entry) => _byText.TryGetValue(token, out kept!, out entry!);

    public void Remove(string token) => _entries.TryRemove(token, out _);

    public void Add(string token, Entry entry, DateTime now)
    {
        if (_entries.Count >= Capacity && !_entries.ContainsKey(token))
        {
            foreach (var (key, value) in _entries)
            {
                if (value.Expires < now)
                {
                    _entries.TryRemove(key, out _);
                }
            }

            if (_entries.Count >= Capacity)
            {
                _entries.Clear();
            }
        }

        _entries[token] = entry;
    }

    /// <param name="Result">The successful result the full check gave.</param>
    /// <param name="Keys">The authority's key set the signature was verified with (compared by reference).</param>
    /// <param name="KeyCache">The authority's key cache, asked for its current key set on every use.</param>
    /// <param name="NotBefore">The token's <c>nbf</c>, if it has one.</param>
    /// <param name="Expires">The token's <c>exp</c>.</param>
    internal sealed record Entry(
        CallbackAuthenticationResult Result,
        IReadOnlyList<SecurityKey> Keys,
        AuthorityKeyCache KeyCache,
        DateTime? NotBefore,
        DateTime Expires);
}
