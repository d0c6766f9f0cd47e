using Orleans.Concurrency;

namespace CallingBot.Cluster.Instances;

/// <summary>
/// Answers for the instance it lives on. Callers place it with a placement hint naming its silo; an activation that
/// landed elsewhere (its silo left the cluster) refuses and deactivates.
/// </summary>
[Reentrant]
[Orleans.Placement.PreferLocalPlacement]
internal sealed class InstanceGrain(ClusterInstance instance, ILocalCallDirectory calls) : Grain, IInstanceGrain
{
    public Task<IReadOnlyList<ClusterCallSummary>> ListCallsAsync()
    {
        if (this.GetPrimaryKeyString() != instance.SiloKey)
        {
            DeactivateOnIdle();
            throw new InstanceUnavailableException(ClusterInstance.NameOf(this.GetPrimaryKeyString()));
        }

        return Task.FromResult(calls.ListCalls());
    }
}
