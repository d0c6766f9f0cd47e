using CallingBot.Cluster;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CallingBot.AspNetCore.Health;

/// <summary>
/// This instance's place in the cluster: Healthy while its silo is an active member (with the number of active
/// instances), Unhealthy before its silo has started or once it is no longer active (joining, shutting down, declared
/// dead by the others). A single instance runs an embedded silo and reports the same way.
/// </summary>
internal sealed class ClusterHealthCheck(CallOwners owners) : IHealthCheck
{
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        ClusterMembership membership;
        try
        {
            membership = owners.Membership;
        }
        catch (ClusterNotStartedException)
        {
            return Task.FromResult(HealthCheckResult.Unhealthy("The instance's silo has not started."));
        }

        var data = new Dictionary<string, object>(StringComparer.Ordinal)
        {
            ["mode"] = membership.Mode.ToString(),
            ["instance"] = membership.Instance,
            ["status"] = membership.Status,
            ["activeMembers"] = membership.ActiveMembers,
        };
        return Task.FromResult(membership.IsActive
            ? HealthCheckResult.Healthy($"Active member of the cluster ({membership.ActiveMembers} active instance(s)).", data)
            : HealthCheckResult.Unhealthy($"Not an active member of the cluster (status {membership.Status}).", data: data));
    }
}
