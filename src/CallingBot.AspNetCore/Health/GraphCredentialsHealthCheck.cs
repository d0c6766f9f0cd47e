using System.Globalization;
using CallingBot.Core.Platform;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Health;

/// <summary>
/// Whether the bot can get a Graph token for its tenant: Healthy when it can, Unhealthy when the token service refuses
/// the credentials (a revoked or expired secret, a certificate no longer registered), Degraded when the token service
/// cannot be reached. The token library caches tokens, so a check usually costs nothing; its result is kept for
/// <see cref="ResultLifetime"/> so probes never reach the token service more often than that, and one check runs at a time.
/// </summary>
internal sealed class GraphCredentialsHealthCheck : IHealthCheck, IDisposable
{
    /// <summary>How long a result is reused.</summary>
    public static readonly TimeSpan ResultLifetime = TimeSpan.FromSeconds(30);

    /// <summary>How long one check may wait for the token service.</summary>
    public static readonly TimeSpan CheckTimeout = TimeSpan.FromSeconds(5);

    private readonly IGraphTokenSource _tokens;
    private readonly GraphCallingOptions _options;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _single = new(1, 1);
    private (HealthCheckResult Result, DateTimeOffset At)? _last;

    public GraphCredentialsHealthCheck(IGraphTokenSource tokens, IOptions<GraphCallingOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _tokens = tokens;
        _options = options.Value;
        _time = time;
    }

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (Fresh() is { } cached)
        {
            return cached;
        }

        await _single.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Fresh() is { } again)
            {
                return again;
            }

            var result = await CheckAsync(cancellationToken).ConfigureAwait(false);
            _last = (result, _time.GetUtcNow());
            return result;
        }
        finally
        {
            _single.Release();
        }
    }

    public void Dispose() => _single.Dispose();

    private HealthCheckResult? Fresh() =>
        _last is { } last && _time.GetUtcNow() - last.At < ResultLifetime ? last.Result : null;

    private async Task<HealthCheckResult> CheckAsync(CancellationToken cancellationToken)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["credential"] = _options.CredentialKind,
            ["checkedAt"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture),
        };
        using var deadline = new CancellationTokenSource(CheckTimeout, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, deadline.Token);
        try
        {
            await _tokens.GetTokenAsync(_options.TenantId, timeout.Token).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"A Graph token was obtained ({_options.CredentialKind}).", data);
        }
        catch (PlatformException exception) when (exception.Kind == PlatformErrorKind.Unauthorized)
        {
            return HealthCheckResult.Unhealthy($"The token service refused the bot's credentials ({_options.CredentialKind}): {exception.Message}", data: data);
        }
        catch (PlatformException exception)
        {
            return HealthCheckResult.Degraded($"The token service could not issue a token ({exception.Kind}); calls need a token to be answered.", data: data);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return HealthCheckResult.Degraded($"The token service did not answer within {CheckTimeout.TotalSeconds:0} s.", data: data);
        }
    }
}
