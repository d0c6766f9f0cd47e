using CallingBot.Cluster.Calls;
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
    private const int MaxAttempts = 20;

    public Task<IReadOnlyList<ClusterCallSummary>> ListCallsAsync()
    {
        ThrowIfElsewhere();
        return Task.FromResult(calls.ListCalls());
    }

    public async Task<int> TakeOverAsync(IReadOnlyList<string> callIds)
    {
        ArgumentNullException.ThrowIfNull(callIds);
        ThrowIfElsewhere();
        var held = 0;
        foreach (var callId in callIds)
        {
            if (await TakeOverOneAsync(callId))
            {
                held++;
            }
        }

        return held;
    }

    /// <summary>
    /// The call grain is placed here (the caller's instance) unless the previous owner's activation still runs: that one
    /// refuses while its instance hands over and deactivates, and the next attempt lands here.
    /// </summary>
    private async Task<bool> TakeOverOneAsync(string callId)
    {
        var delay = TimeSpan.FromMilliseconds(50);
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            switch (await GrainFactory.GetGrain<ICallGrain>(callId).TakeOverAsync())
            {
                case TakeOverOutcome.Held:
                    return true;
                case TakeOverOutcome.Ended:
                    return false;
            }

            // Cluster housekeeping runs on real time, like Orleans itself.
            await Task.Delay(delay, TimeProvider.System);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
        }

        return false;
    }

    private void ThrowIfElsewhere()
    {
        if (this.GetPrimaryKeyString() != instance.SiloKey)
        {
            DeactivateOnIdle();
            throw new InstanceUnavailableException(ClusterInstance.NameOf(this.GetPrimaryKeyString()));
        }
    }
}
