using CallingBot.Core.Registry;
using Microsoft.Extensions.Logging;
using Orleans.Runtime;
using CallingBot.Cluster.Diagnostics;

namespace CallingBot.Cluster.Calls;

/// <summary>
/// The owner of one call in the cluster. It is placed on the instance that first asks for it (the one that received
/// the incoming-call notification, or created the call), records that instance as the owner once the call is live
/// there, stays active while the call lives and hands every notification and API request about the call to that
/// instance's platform and pipeline.
/// </summary>
[Orleans.Placement.PreferLocalPlacement]
internal sealed partial class CallGrain(
    [PersistentState("call", ClusterStorage.Name)] IPersistentState<CallGrainState> state,
    ClusterInstance instance,
    IClusterMembershipService membership,
    ClusterCallRegistry registry,
    ICallNotificationHandler notifications,
    ILocalRequestExecutor requests,
    ClusterMetrics metrics,
    ILogger<CallGrain> logger) : Grain, ICallGrain
{
    private string CallId => this.GetPrimaryKeyString();

    private bool IsOwnedHere => state.State.OwnerSilo == instance.SiloKey;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.OwnerSilo is { } owner && !IsOwnedHere)
        {
            // The owner's activation would be the one answering: its instance left the cluster.
            Log.OwnerLost(logger, CallId, state.State.Owner ?? owner);
        }
        else if (IsOwnedHere)
        {
            DelayDeactivation(Timeout.InfiniteTimeSpan);
        }

        return Task.CompletedTask;
    }

    public Task<CallNotificationOutcome> DeliverAsync(CallNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        var receivedElsewhere = !string.Equals(notification.ReceivedBy, instance.Name, StringComparison.Ordinal);
        if (state.State.OwnerSilo is not null && !IsOwnedHere)
        {
            return Task.FromResult(new CallNotificationOutcome(CallNotificationOutcomeKind.Failed, Reason: CallNotificationOutcome.OwnerLostReason, Owner: instance.Name));
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

            return Task.FromResult(outcome);
        }

        // Nobody owns the call yet: a notification racing its call's creation on another instance. The sender retries;
        // by then the creator has claimed the call, or this activation is gone and the creator's takes its place.
        Log.NoOwner(logger, CallId, notification.ReceivedBy);
        DeactivateOnIdle();
        return Task.FromResult(new CallNotificationOutcome(CallNotificationOutcomeKind.NotReady, Reason: CallNotificationOutcome.NoOwnerReason, Owner: instance.Name));
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

        state.State.OwnerSilo = silo;
        state.State.Owner = instance.Name;
        state.State.TenantId = tenantId;
        state.State.OwnedSince = DateTimeOffset.UtcNow;
        await state.WriteStateAsync();
        DelayDeactivation(Timeout.InfiniteTimeSpan);
        return true;
    }

    public async Task EndAsync()
    {
        if (state.RecordExists)
        {
            await state.ClearStateAsync();
        }

        state.State = new CallGrainState();
        DeactivateOnIdle();
    }

    public async Task<ForwardedResponse?> SendAsync(ForwardedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
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
        [LoggerMessage(EventId = ClusterEventIds.CallOwnerLost, EventName = nameof(ClusterEventIds.CallOwnerLost), Level = LogLevel.Warning, Message = "Call {CallId} was owned by instance {Owner}, which left the cluster; the call cannot be taken over and its notifications fail")]
        public static partial void OwnerLost(ILogger logger, string callId, string owner);

        [LoggerMessage(EventId = ClusterEventIds.CallWithoutOwner, EventName = nameof(ClusterEventIds.CallWithoutOwner), Level = LogLevel.Debug, Message = "Notification for call {CallId} received by {ReceivedBy} before any instance owns the call; the sender is asked to retry")]
        public static partial void NoOwner(ILogger logger, string callId, string receivedBy);

        [LoggerMessage(EventId = ClusterEventIds.CallClaimConflict, EventName = nameof(ClusterEventIds.CallClaimConflict), Level = LogLevel.Error, Message = "Instance {Claimant} took call {CallId} live, but instance {Owner} owns it")]
        public static partial void ClaimConflict(ILogger logger, string callId, string claimant, string owner);
    }
}
