using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// Bounds how often one callback token may be used: at most <see cref="CallbackAuthenticationOptions.MaxRequestsPerToken"/>
/// requests per <see cref="CallbackAuthenticationOptions.TokenRequestWindow"/> (a fixed window that starts at the
/// token's first request). Graph reuses one token for many notifications, so the limit is far above what it sends; it
/// caps what a captured token can push at the bot. Tokens are forgotten when they expire, and at most
/// <see cref="MaxTrackedTokens"/> are tracked (only an authority can mint one).
/// </summary>
internal sealed class CallbackTokenRateLimiter
{
    public const int MaxTrackedTokens = 10_000;

    private readonly CallbackExpiringMap<string, Usage> _usage = new(MaxTrackedTokens, StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private readonly int _limit;
    private readonly TimeSpan _window;
    private readonly TimeSpan _skew;

    public CallbackTokenRateLimiter(IOptions<CallbackAuthenticationOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _limit = options.Value.MaxRequestsPerToken;
        _window = options.Value.TokenRequestWindow;
        _skew = options.Value.ClockSkew;
        _time = time;
    }

    /// <summary>Tokens currently tracked.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _usage.Count;
            }
        }
    }

    /// <summary>Counts one request made with the token <paramref name="tokenKey"/>, which expires at <paramref name="expiresAt"/>.</summary>
    public CallbackTokenRateDecision Acquire(string tokenKey, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(tokenKey);
        var now = _time.GetUtcNow();
        lock (_gate)
        {
            if (!_usage.TryGetValue(tokenKey, now, out var usage))
            {
                usage = new Usage { WindowStart = now };
                _usage.Set(tokenKey, usage, expiresAt + _skew, now);
            }
            else if (now - usage.WindowStart >= _window)
            {
                usage.WindowStart = now;
                usage.Count = 0;
            }

            if (usage.Count < _limit)
            {
                usage.Count++;
                return CallbackTokenRateDecision.Allowed;
            }

            var retryAfter = usage.WindowStart + _window - now;
            var first = !usage.Reported;
            usage.Reported = true;
            return new CallbackTokenRateDecision(false, retryAfter, first);
        }
    }

    private sealed class Usage
    {
        public DateTimeOffset WindowStart { get; set; }

        public int Count { get; set; }

        public bool Reported { get; set; }
    }
}
