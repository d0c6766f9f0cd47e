using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// The signing keys of one OpenID authority. Keys are fetched on first use, refreshed every
/// <see cref="CallbackAuthenticationOptions.KeyRefreshInterval"/>, and refreshed on demand when a token names a key id
/// the cache does not hold (at most once per <see cref="CallbackAuthenticationOptions.MinimumKeyRefreshInterval"/>,
/// one fetch at a time, the caller waiting for the fresh keys).
/// </summary>
internal sealed class AuthorityKeyCache : IDisposable
{
    private readonly Uri _metadataUrl;
    private readonly IDocumentRetriever _retriever;
    private readonly TimeProvider _time;
    private readonly TimeSpan _refreshInterval;
    private readonly TimeSpan _minimumRefreshInterval;
    private static readonly TimeSpan ColdRetryInterval = TimeSpan.FromSeconds(2);
    private readonly SemaphoreSlim _gate = new(1, 1);
    private volatile Snapshot? _current;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;

    public AuthorityKeyCache(Uri metadataUrl, IDocumentRetriever retriever, TimeProvider time, TimeSpan refreshInterval, TimeSpan minimumRefreshInterval)
    {
        _metadataUrl = metadataUrl;
        _retriever = retriever;
        _time = time;
        _refreshInterval = refreshInterval;
        _minimumRefreshInterval = minimumRefreshInterval;
    }

    /// <summary>The current keys, fetching them when there are none yet or they are due for refresh.</summary>
    public async Task<IReadOnlyList<SecurityKey>> GetKeysAsync(CancellationToken cancellationToken)
    {
        var current = _current;
        if (current is not null && _time.GetUtcNow() < current.FetchedAt + _refreshInterval)
        {
            return current.Keys;
        }

        return await RefreshAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Fetches the keys again because a token named an unknown key id, unless a fetch happened within the minimum
    /// interval (then the cached keys are returned).
    /// </summary>
    public Task<IReadOnlyList<SecurityKey>> RefreshForUnknownKeyAsync(CancellationToken cancellationToken) =>
        RefreshAsync(cancellationToken);

    private async Task<IReadOnlyList<SecurityKey>> RefreshAsync(CancellationToken cancellationToken)
    {
        var before = _current;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var current = _current;
            if (!ReferenceEquals(current, before) && current is not null)
            {
                // Another caller refreshed while this one waited.
                return current.Keys;
            }

            var now = _time.GetUtcNow();
            if (current is null && now < _lastAttempt + ColdRetryInterval)
            {
                throw new InvalidOperationException("The authority's signing keys are not available yet.");
            }

            if (current is not null && now < _lastAttempt + _minimumRefreshInterval)
            {
                return current.Keys;
            }

            _lastAttempt = now;
            try
            {
                var configuration = await OpenIdConnectConfigurationRetriever.GetAsync(_metadataUrl.AbsoluteUri, _retriever, cancellationToken).ConfigureAwait(false);
                var keys = configuration.SigningKeys.ToArray();
                _current = new Snapshot(keys, now);
                return keys;
            }
            catch (Exception exception) when (exception is not OperationCanceledException && current is not null)
            {
                // Keep serving the keys we have; the next refresh is attempted after the minimum interval.
                return current.Keys;
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    private sealed record Snapshot(IReadOnlyList<SecurityKey> Keys, DateTimeOffset FetchedAt);
}
