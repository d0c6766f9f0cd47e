using System.Threading.RateLimiting;
using CallingBot.Dashboard.Configuration;
using Microsoft.Extensions.Options;

namespace CallingBot.Dashboard.Access;

/// <summary>
/// At most <see cref="DashboardOptions.SignInAttemptsPerWindow"/> sign-in attempts per client address in each
/// <see cref="DashboardOptions.SignInWindow"/>, so keys cannot be guessed at speed.
/// </summary>
internal sealed class SignInRateLimiter : IDisposable
{
    private readonly PartitionedRateLimiter<string> _limiter;
    private readonly TimeSpan _window;

    public SignInRateLimiter(IOptions<DashboardOptions> options)
    {
        var value = options.Value;
        _window = value.SignInWindow;
        _limiter = PartitionedRateLimiter.Create<string, string>(client => RateLimitPartition.GetFixedWindowLimiter(client, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = value.SignInAttemptsPerWindow,
            Window = value.SignInWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Null when the attempt may go on, else how long the client must wait.</summary>
    public TimeSpan? Acquire(string client)
    {
        using var lease = _limiter.AttemptAcquire(client);
        if (lease.IsAcquired)
        {
            return null;
        }

        return lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? retryAfter : _window;
    }

    public void Dispose() => _limiter.Dispose();
}
