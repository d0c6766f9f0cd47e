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
    private readonly ClusterSilo _silo;
    private readonly CallingBotClusterOptions _options;
    private readonly ILogger _logger;

    internal CallOwners(ClusterSilo silo, IOptions<CallingBotClusterOptions> options, ILogger<CallOwners> logger)
    {
        _silo = silo;
        _options = options.Value;
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

    /// <summary>Hands <paramref name="notification"/> to its call's owner (placing the call here when no instance holds it) and returns the owner's outcome.</summary>
    public Task<CallNotificationOutcome> DeliverAsync(CallNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        return _silo.Grains.GetGrain<ICallGrain>(notification.CallId).DeliverAsync(notification);
    }

    /// <summary>Runs <paramref name="request"/> on the instance holding call <paramref name="callId"/>; null when no instance holds it.</summary>
    public Task<ForwardedResponse?> SendAsync(string callId, ForwardedRequest request)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        ArgumentNullException.ThrowIfNull(request);
        return _silo.Grains.GetGrain<ICallGrain>(callId).SendAsync(request);
    }

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
        [LoggerMessage(EventId = ClusterEventIds.InstanceDidNotAnswer, EventName = nameof(ClusterEventIds.InstanceDidNotAnswer), Level = LogLevel.Warning, Message = "Instance {Instance} did not answer for the cluster-wide call list ({ExceptionType})")]
        public static partial void InstanceDidNotAnswer(ILogger logger, string instance, string exceptionType);
    }
}
