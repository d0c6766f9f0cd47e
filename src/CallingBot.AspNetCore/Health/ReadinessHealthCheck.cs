using CallingBot.Graph.Calling;
using CallingBot.AspNetCore.Diagnostics;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallingBot.AspNetCore.Health;

/// <summary>
/// Ready when the Graph client is built (callbacks can be processed) and the bot is not draining. A change of
/// readiness is logged once (event 3210), not once per probe: a load balancer probing every few seconds during start-up
/// or a drain would otherwise fill the log with the health-check service's per-probe errors, which the host silences.
/// </summary>
internal sealed partial class ReadinessHealthCheck : IHealthCheck
{
    private readonly Func<bool> _isReady;
    private readonly Func<bool> _isDraining;
    private readonly ILogger<ReadinessHealthCheck> _logger;
    private readonly Lock _gate = new();
    private string? _reported;

    public ReadinessHealthCheck(GraphCallingPlatform platform, BotLifecycleService lifecycle, ILogger<ReadinessHealthCheck> logger)
        : this(() => platform.IsReady, () => lifecycle.IsDraining, logger)
    {
    }

    internal ReadinessHealthCheck(Func<bool> isReady, Func<bool> isDraining, ILogger<ReadinessHealthCheck> logger)
    {
        _isReady = isReady;
        _isDraining = isDraining;
        _logger = logger;
    }

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var state = _isDraining() ? "draining" : _isReady() ? "ready" : "starting";
        Report(state);
        return Task.FromResult(state == "ready" ? HealthCheckResult.Healthy(state) : HealthCheckResult.Unhealthy(state));
    }

    private void Report(string state)
    {
        string? previous;
        lock (_gate)
        {
            previous = _reported;
            if (previous == state)
            {
                return;
            }

            _reported = state;
        }

        Log.ReadinessChanged(_logger, previous ?? "unknown", state);
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.ReadinessChanged, EventName = nameof(AspNetCoreEventIds.ReadinessChanged), Level = LogLevel.Information, Message = "Readiness changed from {Previous} to {State}")]
        public static partial void ReadinessChanged(ILogger logger, string previous, string state);
    }
}
