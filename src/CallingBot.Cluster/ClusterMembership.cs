using CallingBot.Cluster.Configuration;

namespace CallingBot.Cluster;

/// <summary>What this instance's silo knows of the cluster's membership at one moment.</summary>
/// <param name="Mode">How the silo finds the others.</param>
/// <param name="Instance">This instance's name in the cluster.</param>
/// <param name="Status">This instance's own membership status (<c>Active</c> once it has joined; <c>Joining</c>, <c>ShuttingDown</c>, <c>Dead</c>…).</param>
/// <param name="ActiveMembers">Instances active in the cluster, this one included.</param>
/// <param name="Version">The membership table's version this view was taken from.</param>
public sealed record ClusterMembership(ClusterMode Mode, string Instance, string Status, int ActiveMembers, long Version)
{
    /// <summary>Whether this instance is an active member (it can own calls and reach their owners).</summary>
    public bool IsActive => Status == "Active";
}
