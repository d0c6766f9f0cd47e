using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.Core.Recovery;
using CallingBot.Core.Registry;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using CallingBot.Cluster.Diagnostics;

namespace CallingBot.Cluster.Calls;

/// <summary>
/// The owner of one call in the cluster. It is placed on the instance that first asks for it (the one that received
/// the incoming-call notification, or created the call), records that instance as the owner once the call is live
/// there, stays active while the call lives and hands every notification and API request about the call to that
/// instance's platform and pipeline. When the owner left the cluster (died, or handed the call over while stopping),
/// the activation that takes its place takes the call over through the call manager's recovery path before anything
/// else about the call is handled.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed partial class CallGrain(
    [PersistentState("call", ClusterStorage.Name)] IPersistentState<CallGrainState> state,
    ClusterInstance instance,
    IClusterMembershipService membership,
    ClusterCallRegistry registry,
    ICallNotificationHandler notifications,
    ILocalRequestExecutor requests,
    ICallManager manager,
    ClusterMetrics metrics,
    ILogger<CallGrain> logger) : Grain, ICallGrain
{
    private Task<TakeOverResult>? _takeOver;

    private string CallId => this.GetPrimaryKeyString();

    private bool IsOwnedHere => state.State.OwnerSilo == instance.SiloKey;

    /// <summary>The owner left the cluster, or handed the call over: whoever holds this activation must take the call over.</summary>
    private bool IsOrphaned => state.State.OwnerSilo is { } owner
        ? owner != instance.SiloKey && !IsAlive(owner)
        : state.State.HandedOver;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (IsOwnedHere)
        {
            DelayDeactivation(Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public async Task<CallNotificationOutcome> DeliverAsync(CallNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var receivedElsewhere = !string.Equals(notification.ReceivedBy, instance.Name, StringComparison.Ordinal);
        if (IsOrphaned)
        {
            // Notifications that arrive meanwhile queue behind this turn (the grain's turns are serial): the call's
            // order is kept, and they reach the new handler.
            switch (await TakeOverIfOrphanedAsync())
            {
                case null:
                    return new CallNotificationOutcome(CallNotificationOutcomeKind.NotReady, Reason: CallNotificationOutcome.HandOverReason, Owner: instance.Name);
                case TakeOverResult.NotSettled:
                    return new CallNotificationOutcome(CallNotificationOutcomeKind.Failed, Reason: CallNotificationOutcome.TakeOverFailedReason, Owner: instance.Name);
            }
        }
        else if (state.State.OwnerSilo is { } owner && !IsOwnedHere)
        {
            // The owner is a member, yet this activation is not on it (it is stopping, or its activation was lost).
            Log.OwnerElsewhere(logger, CallId, ClusterInstance.NameOf(owner));
            DeactivateOnIdle();
            return new CallNotificationOutcome(CallNotificationOutcomeKind.NotReady, Reason: CallNotificationOutcome.OwnerLostReason, Owner: instance.Name);
        }

        if (IsOwnedHere || notification.CreatesCall || registry.Local.GetStatus(CallId) != CallStatus.Unknown || IsAlone())
        {
            // Owned here, arriving here (a new call; or a call this instance is taking or has ended), or no other
            // instance that could own it: this instance's platform decides.
            var outcome = notifications.Handle(notification, receivedElsewhere) with { Owner = instance.Name };
            metrics.Notifications.Add(1, new KeyValuePair<string, object?>("handed_over", receivedElsewhere));
            if (!IsOwnedHere && registry.Local.GetStatus(CallId) != CallStatus.Live && !notification.CreatesCall)
            {
                DeactivateOnIdle();
            }

            return outcome;
        }

        // Nobody owns the call yet: a notification racing its call's creation on another instance. The sender retries;
        // by then the creator has claimed the call, or this activation is gone and the creator's takes its place.
        Log.NoOwner(logger, CallId, notification.ReceivedBy);
        DeactivateOnIdle();
        return new CallNotificationOutcome(CallNotificationOutcomeKind.NotReady, Reason: CallNotificationOutcome.NoOwnerReason, Owner: instance.Name);
    }

    public async Task<bool> ClaimAsync(string silo, string? tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(silo);
        if (state.State.OwnerSilo == silo)
        {
            return true;
        }

        if (silo != instance.SiloKey)
        {
            if (state.State.OwnerSilo is null || !IsOwnedHere)
            {
                // Placed here by a notification that found no owner; make way for an activation on the claimant.
                DeactivateOnIdle();
            }
            else
            {
                Log.ClaimConflict(logger, CallId, ClusterInstance.NameOf(silo), instance.Name);
            }

            return false;
        }

        await OwnHereAsync(tenantId);
        return true;
    }

    public async Task EndAsync()
    {
        await ForgetAsync();
    }

    public async Task<TakeOverOutcome> TakeOverAsync()
    {
        TakeOverResult? result;
        if (state.State.OwnerSilo is null && !state.State.HandedOver)
        {
            // No instance owns the call, yet a record of an instance that left names it (its claim never landed).
            result = instance.IsHandingOver ? null : await TakeOverCoreOnceAsync(AdoptionReason.InstanceLost);
        }
        else if (IsOrphaned)
        {
            result = await TakeOverIfOrphanedAsync();
        }
        else
        {
            if (!IsOwnedHere)
            {
                // The owner is alive elsewhere: nothing to take over here.
                DeactivateOnIdle();
            }

            return TakeOverOutcome.Held;
        }

        return result switch
        {
            TakeOverResult.Adopted => TakeOverOutcome.Held,
            TakeOverResult.HungUp or TakeOverResult.Gone => TakeOverOutcome.Ended,
            _ => TakeOverOutcome.Retry,
        };
    }

    public async Task<bool> HandOverAsync()
    {
        if (!IsOwnedHere)
        {
            return false;
        }

        registry.BeginHandOver(CallId);
        var released = false;
        try
        {
            // The call's notifications queue behind this turn meanwhile; they go to the next owner.
            released = await manager.HandOverAsync(CallId, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Log.HandOverFailed(logger, exception, CallId);
        }

        if (!released)
        {
            if (!registry.CancelHandOver(CallId))
            {
                // The call ended meanwhile: its release was left to this turn.
                await ForgetAsync();
            }

            return false;
        }

        state.State.PreviousOwner = instance.Name;
        state.State.OwnerSilo = null;
        state.State.Owner = null;
        state.State.HandedOver = true;
        await state.WriteStateAsync();
        metrics.HandOvers.Add(1);
        Log.HandedOver(logger, CallId);
        DeactivateOnIdle();
        return true;
    }

    public async Task<ForwardedResponse?> SendAsync(ForwardedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (IsOrphaned && await TakeOverIfOrphanedAsync() is null or TakeOverResult.NotSettled)
        {
            return null;
        }

        if (registry.Local.GetStatus(CallId) != CallStatus.Live)
        {
            if (state.State.OwnerSilo is null)
            {
                // Asked about a call no instance holds (an unknown or ended id): keep nothing for it.
                DeactivateOnIdle();
            }

            return null;
        }

        metrics.ApiRequests.Add(1);
        return await requests.ExecuteAsync(request, CancellationToken.None) with { Owner = instance.Name };
    }

    /// <summary>
    /// Takes the orphaned call over once, however many turns ask at the same time (API requests interleave with
    /// notification turns). Null when this instance cannot take calls over (it is handing its own calls over).
    /// </summary>
    private async Task<TakeOverResult?> TakeOverIfOrphanedAsync()
    {
        if (instance.IsHandingOver)
        {
            DeactivateOnIdle();
            return null;
        }

        var reason = state.State.OwnerSilo is null ? AdoptionReason.HandedOver : AdoptionReason.InstanceLost;
        _takeOver ??= TakeOverCoreOnceAsync(reason);
        var running = _takeOver;
        try
        {
            return await running;
        }
        finally
        {
            if (ReferenceEquals(_takeOver, running))
            {
                _takeOver = null;
            }
        }
    }

    private async Task<TakeOverResult> TakeOverCoreOnceAsync(AdoptionReason reason)
    {
        var previous = state.State.Owner ?? state.State.PreviousOwner ?? (state.State.OwnerSilo is { } silo ? ClusterInstance.NameOf(silo) : "(unknown)");
        Log.OwnerLost(logger, CallId, previous, reason);
        TakeOverResult result;
        try
        {
            // Adopting registers the call as live here, which claims it in this grain: that claim queues behind this
            // turn and finds the call owned here already (the ownership is written below, before the turn ends).
            result = await manager.TakeOverAsync(CallId, state.State.TenantId, reason, CancellationToken.None);
        }
        catch (Exception exception)
        {
            Log.TakeOverFailed(logger, exception, CallId);
            result = TakeOverResult.NotSettled;
        }

        metrics.TakeOvers.Add(1, [new("reason", reason == AdoptionReason.HandedOver ? "handed-over" : "instance-lost"), new("result", ResultTag(result))]);
        Log.TakenOver(logger, CallId, previous, result);
        switch (result)
        {
            case TakeOverResult.Adopted:
                await OwnHereAsync(state.State.TenantId);
                break;
            case TakeOverResult.HungUp or TakeOverResult.Gone:
                await ForgetAsync();
                break;
        }

        return result;
    }

    private async Task OwnHereAsync(string? tenantId)
    {
        state.State.OwnerSilo = instance.SiloKey;
        state.State.Owner = instance.Name;
        state.State.TenantId = tenantId ?? state.State.TenantId;
        state.State.OwnedSince = DateTimeOffset.UtcNow;
        state.State.HandedOver = false;
        await state.WriteStateAsync();
        DelayDeactivation(Timeout.InfiniteTimeSpan);
    }

    private async Task ForgetAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new CallGrainState();
        DeactivateOnIdle();
    }

    private static string ResultTag(TakeOverResult result) => result switch
    {
        TakeOverResult.Adopted => "adopted",
        TakeOverResult.HungUp => "hung-up",
        TakeOverResult.Gone => "ended",
        _ => "failed",
    };

    /// <summary>A member that has not left: joining, active or stopping. An instance the snapshot no longer lists has left.</summary>
    private bool IsAlive(string siloKey)
    {
        var status = membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(siloKey));
        return status is SiloStatus.Created or SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.Stopping;
    }

    private bool IsAlone()
    {
        var active = 0;
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && ++active > 1)
            {
                return false;
            }
        }

        return true;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ClusterEventIds.CallOwnerLost, EventName = nameof(ClusterEventIds.CallOwnerLost), Level = LogLevel.Warning, Message = "Call {CallId} was held by instance {Owner}, which is gone ({Reason}); taking it over")]
        public static partial void OwnerLost(ILogger logger, string callId, string owner, AdoptionReason reason);

        [LoggerMessage(EventId = ClusterEventIds.CallWithoutOwner, EventName = nameof(ClusterEventIds.CallWithoutOwner), Level = LogLevel.Debug, Message = "Notification for call {CallId} received by {ReceivedBy} before any instance owns the call; the sender is asked to retry")]
        public static partial void NoOwner(ILogger logger, string callId, string receivedBy);

        [LoggerMessage(EventId = ClusterEventIds.CallClaimConflict, EventName = nameof(ClusterEventIds.CallClaimConflict), Level = LogLevel.Error, Message = "Instance {Claimant} took call {CallId} live, but instance {Owner} owns it")]
        public static partial void ClaimConflict(ILogger logger, string callId, string claimant, string owner);

        [LoggerMessage(EventId = ClusterEventIds.CallTakenOver, EventName = nameof(ClusterEventIds.CallTakenOver), Level = LogLevel.Information, Message = "Call {CallId} of instance {Owner} settled here: {Result}")]
        public static partial void TakenOver(ILogger logger, string callId, string owner, TakeOverResult result);

        [LoggerMessage(EventId = ClusterEventIds.CallTakeOverFailed, EventName = nameof(ClusterEventIds.CallTakeOverFailed), Level = LogLevel.Error, Message = "Taking call {CallId} over failed; its next notification or the next scan tries again")]
        public static partial void TakeOverFailed(ILogger logger, Exception exception, string callId);

        [LoggerMessage(EventId = ClusterEventIds.CallHandedOver, EventName = nameof(ClusterEventIds.CallHandedOver), Level = LogLevel.Information, Message = "Call {CallId} handed over: released here without ending it, for another instance to take over")]
        public static partial void HandedOver(ILogger logger, string callId);

        [LoggerMessage(EventId = ClusterEventIds.CallHandOverFailed, EventName = nameof(ClusterEventIds.CallHandOverFailed), Level = LogLevel.Warning, Message = "Call {CallId} could not be handed over; it is drained here")]
        public static partial void HandOverFailed(ILogger logger, Exception exception, string callId);

        [LoggerMessage(EventId = ClusterEventIds.CallOwnerElsewhere, EventName = nameof(ClusterEventIds.CallOwnerElsewhere), Level = LogLevel.Debug, Message = "Call {CallId} is owned by instance {Owner}, still a member, but its grain was activated here; the sender is asked to retry")]
        public static partial void OwnerElsewhere(ILogger logger, string callId, string owner);
    }
}
