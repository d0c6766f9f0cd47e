using CallingBot.Graph.Calling;
using CallingBot.Host.Hosting;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallingBot.Host.Health;

/// <summary>Ready when the Graph client is built (callbacks can be processed) and the bot is not draining.</summary>
public sealed class ReadinessHealthCheck(GraphCallingPlatform platform, BotLifecycleService lifecycle) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        if (lifecycle.IsDraining)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("draining"));
        }

        return Task.FromResult(platform.IsReady ? HealthCheckResult.Healthy("ready") : HealthCheckResult.Unhealthy("starting"));
    }
}
