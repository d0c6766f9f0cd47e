namespace CallingBot.Cluster.Instances;

/// <summary>One instance's part of the cluster-wide call list.</summary>
/// <param name="Instance">The instance's name (<see cref="ClusterInstance.Name"/>).</param>
/// <param name="Calls">Its live calls, oldest first; empty when it did not answer.</param>
/// <param name="Error">Why the instance did not answer, or null.</param>
public sealed record InstanceCalls(string Instance, IReadOnlyList<ClusterCallSummary> Calls, string? Error = null);
