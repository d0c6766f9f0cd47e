using CallingBot.Cluster.Calls;
using CallingBot.Cluster.Configuration;
using CallingBot.Cluster.Instances;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using Orleans.Runtime;
using CallingBot.Cluster.Diagnostics;

namespace CallingBot.Cluster;

/// <summary>
/// What the host asks of the cluster: hand a notification or an API request to the instance that owns the call, and
/// gather views from every instance. Orleans does the routing; this is its front door for the host.
/// </summary>
public sealed partial class CallOwners
{
    /// <summary>Locks that keep one call's notifications one at a time on a single instance (a call id picks one).</summary>
    private const int CallGates = 64;

    private readonly ClusterSilo _silo;
    private readonly CallingBotClusterOptions _options;
    private readonly Lazy<ICallNotificationHandler> _notifications;
    private readonly ClusterMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Lock[] _callGates = [.. Enumerable.Range(0, CallGates).Select(_ => new Lock())];

    internal CallOwners(
        ClusterSilo silo,
        IOptions<CallingBotClusterOptions> options,
        Func<ICallNotificationHandler> notifications,
        ClusterMetrics metrics,
        ILogger<CallOwners> logger)
    {
        _silo = silo;
        _options = options.Value;
        _notifications = new Lazy<ICallNotificationHandler>(notifications);
        _metrics = metrics;
        _logger = logger;
    }

    /// <summary>This instance (once its silo has started).</summary>
    public ClusterInstance Instance => _silo.Instance;

    /// <summary>How many instances are active members of the cluster now, this one included.</summary>
    public int ActiveMemberCount => _silo.Membership.CurrentSnapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);

    /// <summary>This instance's membership status and the number of active instances; throws <see cref="ClusterNotStartedException"/> before the silo has started.</summary>
    public ClusterMembership Membership
    {
        get
        {
            var instance = _silo.Instance;
            var snapshot = _silo.Membership.CurrentSnapshot;
            var active = snapshot.Members.Values.Count(member => member.Status == SiloStatus.Active);
            var self = snapshot.Members.Values.FirstOrDefault(member => member.SiloAddress.ToParsableString() == instance.SiloKey);
            return new ClusterMembership(_options.Mode, instance.Name, (self?.Status ?? SiloStatus.None).ToString(), active, snapshot.Version.Value);
        }
    }

    /// <summary>
    /// Hands <paramref name="notification"/> to its call's owner (placing the call here when no instance holds it) and
    /// returns the owner's outcome. A single instance (<see cref="ClusterMode.Embedded"/>) owns every call it is told
    /// about, so it hands the batch to its own platform at once, one batch at a time per call as the call's grain would,
    /// without the grain call; no grain records the call's ownership either (see <see cref="ClusterCallRegistry"/>).
    /// </summary>
    public Task<CallNotificationOutcome> DeliverAsync(CallNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _options.Mode == ClusterMode.Embedded
            ? DeliverHere(notification)
            : _silo.Grains.GetGrain<ICallGrain>(notification.CallId).DeliverAsync(notification);
    }

    private Task<CallNotificationOutcome> DeliverHere(CallNotification notification)
    {
        try
        {
            // Before the silo has started this throws ClusterNotStartedException, as the grain call does.
            var instance = _silo.Instance;
            var receivedElsewhere = !string.Equals(notification.ReceivedBy, instance.Name, StringComparison.Ordinal);
            CallNotificationOutcome outcome;
            lock (_callGates[(StringComparer.OrdinalIgnoreCase.GetHashCode(notification.CallId) & int.MaxValue) % CallGates])
            {
                outcome = _notifications.Value.Handle(notification, receivedElsewhere);
            }

            _metrics.Notifications.Add(1, new KeyValuePair<string, object?>("handed_over", receivedElsewhere));
            return Task.FromResult(outcome with { Owner = instance.Name });
        }
        catch (Exception exception)
        {
            return Task.FromException<CallNotificationOutcome>(exception);
        }
    }

    /// <summary>
    /// Runs <paramref name="request"/> on the instance holding call <paramref name="callId"/>; null when no instance
    /// holds it. A single instance (<see cref="ClusterMode.Embedded"/>) is asked only about calls it does not hold
    /// itself, which no instance holds.
    /// </summary>
    public Task<ForwardedResponse?> SendAsync(string callId, ForwardedRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(request);
        return _options.Mode == ClusterMode.Embedded
            ? Task.FromResult<ForwardedResponse?>(null)
            : _silo.Grains.GetGrain<ICallGrain>(callId).SendAsync(request);
    }

    /// <summary>
    /// Claims the incoming call <paramref name="callId"/> for this instance across the cluster: true the first time any
    /// instance asks (and for this instance again), false when another instance claimed it. An at-least-once delivery
    /// (ACS Event Grid's IncomingCall) that reaches several instances is so handled once.
    /// </summary>
    public Task<bool> ClaimIncomingCallAsync(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        return _silo.Grains.GetGrain<IIncomingCallClaimGrain>(callId).ClaimAsync(Instance.Name);
    }

    /// <summary>
    /// Whether a drain should hand this instance's calls to others: configured so
    /// (<see cref="CallingBotClusterOptions.HandOverOnDrain"/>) and another instance is an active member now.
    /// </summary>
    public bool CanHandOver => _options.HandOverOnDrain && _silo.IsStarted && OtherActiveMembers().Count > 0;

    /// <summary>
    /// Hands calls held here to the other active instances while this one stops: each call is released on this instance
    /// without being ended (its record, with the handler's state, stays in the shared store), then one of the others,
    /// in turn, takes it over. Completes once every call is held elsewhere, or could not be; the calls not released
    /// stay here (the drain goes on with them).
    /// </summary>
    public async Task HandOverAsync(IReadOnlyList<string> callIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(callIds);
        var targets = OtherActiveMembers();
        if (targets.Count == 0 || callIds.Count == 0)
        {
            return;
        }

        var started = TimeProvider.System.GetTimestamp();
        Instance.IsHandingOver = true;
        Log.HandOverStarted(_logger, callIds.Count, targets.Count);

        // 1. Released here, one at a time per call (each in its grain's turn, so its notifications wait for the next owner).
        var released = new List<string>(callIds.Count);
        foreach (var callId in callIds)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                if (await _silo.Grains.GetGrain<ICallGrain>(callId).HandOverAsync().WaitAsync(cancellationToken).ConfigureAwait(false))
                {
                    released.Add(callId);
                }
            }
            catch (Exception exception) when (exception is not OperationCanceledException)
            {
                Log.HandOverTargetFailed(_logger, exception, Instance.Name, callId);
            }
        }

        // 2. Spread over the other instances; each takes its share over (a notification may take a call over first).
        var shares = released.Select((callId, index) => (callId, target: targets[index % targets.Count]))
            .GroupBy(p => p.target, p => p.callId)
            .Select(group => TakeOverAsync(group.Key, [.. group], cancellationToken));
        var held = (await Task.WhenAll(shares).ConfigureAwait(false)).Sum();
        Log.HandOverFinished(_logger, released.Count, held, callIds.Count - released.Count, TimeProvider.System.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task<int> TakeOverAsync(SiloAddress target, IReadOnlyList<string> callIds, CancellationToken cancellationToken)
    {
        try
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, target);
            return await _silo.Grains.GetGrain<IInstanceGrain>(target.ToParsableString()).TakeOverAsync(callIds).WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The calls stay handed over: their next notification, or the oldest instance's scan, takes them over.
            Log.HandOverTargetFailed(_logger, exception, target.Endpoint.ToString(), string.Join(' ', callIds.Take(3)));
            return 0;
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private List<SiloAddress> OtherActiveMembers() => _silo.Membership.CurrentSnapshot.Members.Values
        .Where(member => member.Status == SiloStatus.Active && !member.SiloAddress.Equals(_silo.Instance.Address))
        .Select(member => member.SiloAddress)
        .OrderBy(address => address.ToString(), StringComparer.Ordinal)
        .ToList();

    /// <summary>The live calls of every active instance; an instance that does not answer in time is listed with its error.</summary>
    public async Task<IReadOnlyList<InstanceCalls>> ListCallsAsync(CancellationToken cancellationToken)
    {
        var members = _silo.Membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .OrderBy(address => address.ToString(), StringComparer.Ordinal)
            .ToList();
        var answers = await Task.WhenAll(members.Select(address => ListAsync(address, cancellationToken))).ConfigureAwait(false);
        return answers;
    }

    private async Task<InstanceCalls> ListAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        var name = silo.Endpoint.ToString();
        try
        {
            RequestContext.Set(IPlacementDirector.PlacementHintKey, silo);
            var calls = await _silo.Grains.GetGrain<IInstanceGrain>(silo.ToParsableString()).ListCallsAsync()
                .WaitAsync(_options.OwnerCallTimeout, cancellationToken)
                .ConfigureAwait(false);
            return new InstanceCalls(name, calls);
        }
        catch (Exception exception) when (exception is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            Log.InstanceDidNotAnswer(_logger, name, exception.GetType().Name);
            return new InstanceCalls(name, [], "The instance did not answer.");
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ClusterEventIds.HandOverStarted, EventName = nameof(ClusterEventIds.HandOverStarted), Level = LogLevel.Information, Message = "Stopping: handing {Count} call(s) over to {Instances} other instance(s)")]
        public static partial void HandOverStarted(ILogger logger, int count, int instances);

        [LoggerMessage(EventId = ClusterEventIds.HandOverFinished, EventName = nameof(ClusterEventIds.HandOverFinished), Level = LogLevel.Information, Message = "Stopping: {Released} call(s) released for other instances, {Held} of them taken over by them, {Kept} kept here; in {ElapsedMilliseconds:0} ms")]
        public static partial void HandOverFinished(ILogger logger, int released, int held, int kept, double elapsedMilliseconds);

        [LoggerMessage(EventId = ClusterEventIds.HandOverTargetFailed, EventName = nameof(ClusterEventIds.HandOverTargetFailed), Level = LogLevel.Warning, Message = "Hand-over step failed on instance {Instance} (calls {CallIds}); the calls are taken over at their next notification or by the next scan")]
        public static partial void HandOverTargetFailed(ILogger logger, Exception exception, string instance, string callIds);

        [LoggerMessage(EventId = ClusterEventIds.InstanceDidNotAnswer, EventName = nameof(ClusterEventIds.InstanceDidNotAnswer), Level = LogLevel.Warning, Message = "Instance {Instance} did not answer for the cluster-wide call list ({ExceptionType})")]
        public static partial void InstanceDidNotAnswer(ILogger logger, string instance, string exceptionType);
    }
}
