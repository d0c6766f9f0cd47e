using System.Globalization;
using CallingBot.History.Diagnostics;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallingBot.AspNetCore.Health;

/// <summary>
/// The call history's store as a health check: Degraded while the store cannot be reached or records are being
/// dropped, Healthy otherwise; never Unhealthy, so readiness (where it is listed) never fails because of history.
/// </summary>
internal sealed class CallHistoryHealthCheck(CallHistoryStatus status) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["store"] = status.Store,
            ["queueLength"] = status.QueueLength,
            ["droppedRecords"] = status.DroppedRecords,
        };
        if (!status.IsAvailable)
        {
            var since = status.UnavailableSince?.ToString("O", CultureInfo.InvariantCulture) ?? "?";
            return Task.FromResult(HealthCheckResult.Degraded($"The call history store ({status.Store}) is unavailable since {since}: {status.LastError}", data: data));
        }

        if (status.IsDropping)
        {
            return Task.FromResult(HealthCheckResult.Degraded($"The call history queue dropped records within the last {CallHistoryStatus.DroppingWindow.TotalMinutes} minutes.", data: data));
        }

        return Task.FromResult(HealthCheckResult.Healthy(status.IsPersistent ? $"The call history store ({status.Store}) is available." : "The call history is kept in memory only.", data));
    }
}
