using System.Globalization;
using CallingBot.Recording.Upload;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallingBot.AspNetCore.Recording;

/// <summary>
/// The upload of recordings, in <c>/health</c> (not readiness: calls are still recorded locally while storage is down):
/// Healthy when recordings stay local or the last upload attempt succeeded, Degraded while attempts fail (recordings
/// wait in the local directory and are retried). The data says how many wait, what failed last and when.
/// </summary>
internal sealed class RecordingHealthCheck(RecordingUploadMonitor monitor) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var status = monitor.Current;
        if (!status.Enabled)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Recordings are kept in the local directory (CallingBot:Recording:Storage Local)."));
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["pending"] = status.Pending,
            ["uploaded"] = status.Uploaded,
            ["failedAttempts"] = status.FailedAttempts,
            ["consecutiveFailures"] = status.ConsecutiveFailures,
        };
        if (status.LastUploadAt is { } uploaded)
        {
            data["lastUploadAt"] = uploaded.ToString("O", CultureInfo.InvariantCulture);
        }

        if (status.LastFailureAt is { } failed)
        {
            data["lastFailureAt"] = failed.ToString("O", CultureInfo.InvariantCulture);
            data["lastError"] = status.LastError ?? string.Empty;
        }

        return Task.FromResult(status.ConsecutiveFailures == 0
            ? HealthCheckResult.Healthy($"Recordings are uploaded to Azure Blob Storage; {status.Pending} waiting.", data)
            : HealthCheckResult.Degraded($"The last {status.ConsecutiveFailures} upload attempt(s) failed; {status.Pending} recording(s) wait in the local directory and are retried.", data: data));
    }
}
