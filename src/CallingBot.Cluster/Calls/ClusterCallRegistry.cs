using System.Collections.Concurrent;
using CallingBot.Core.Registry;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime.Placement;
using Orleans.Runtime;
using CallingBot.Cluster.Configuration;
using CallingBot.Cluster.Diagnostics;

namespace CallingBot.Cluster.Calls;

/// <summary>
/// The call registry of an instance in a cluster: this instance's own registry (<see cref="Local"/>), which stays the
/// authority on the calls it holds, plus the cluster's record of ownership. A call taken live here is claimed for this
/// instance in its grain; a call that ends here is released. Checks that need every instance's calls (does the token's
/// tenant have a call?) answer "maybe" while other instances are members, and the owner checks again.
/// A single instance (<see cref="ClusterMode.Embedded"/>) keeps no such record: no other instance could ask for it,
/// so a call costs no grain there (its notifications do not go through one either, see <see cref="CallOwners"/>).
/// </summary>
public sealed partial class ClusterCallRegistry : ICallRegistry, IDisposable
{
    private const int MaxClaimAttempts = 10;
    private readonly ConcurrentDictionary<string, Task> _claims = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<Task, byte> _releases = new();
    private readonly ConcurrentDictionary<string, byte> _handingOver = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _handedOver = new(StringComparer.OrdinalIgnoreCase);
    private readonly CancellationTokenSource _stopping = new();
    private readonly CancellationToken _stoppingToken;
    private int _disposed;
    private readonly ClusterSilo _silo;
    private readonly IOptions<CallingBotClusterOptions> _options;
    private readonly ILogger _logger;

    internal ClusterCallRegistry(ICallRegistry local, ClusterSilo silo, IOptions<CallingBotClusterOptions> options, ILogger<ClusterCallRegistry> logger)
    {
        Local = local;
        _stoppingToken = _stopping.Token;
        _silo = silo;
        _options = options;
        _logger = logger;
    }

    /// <summary>This instance's own registry: the calls it holds and the calls that ended here.</summary>
    public ICallRegistry Local { get; }

    public int LiveCount => Local.LiveCount;

    /// <summary>
    /// This instance's view, except for a call it handed over: ended here, but not ended, so the notifications this
    /// instance still receives about it go to the instance that took it over.
    /// </summary>
    public CallStatus GetStatus(string callId) => _handedOver.ContainsKey(callId) ? CallStatus.Unknown : Local.GetStatus(callId);

    public string? GetTenant(string callId) => Local.GetTenant(callId);

    public bool HasLiveCalls(string tenantId) => Local.HasLiveCalls(tenantId) || HasOtherMembers();

    public IDisposable BeginPlacing(string? tenantId) => Local.BeginPlacing(tenantId);

    public bool IsPlacing => Local.IsPlacing;

    public bool KnowsAllCalls => !HasOtherMembers();

    public bool TryAddLive(string callId, string? tenantId)
    {
        if (!Local.TryAddLive(callId, tenantId))
        {
            return false;
        }

        // Read when the first call goes live, after the host validated the options at its start.
        if (_options.Value.Mode != ClusterMode.Embedded)
        {
            _claims[callId] = ClaimAsync(callId, tenantId);
        }

        return true;
    }

    public void MarkEnded(string callId)
    {
        var wasLive = Local.GetStatus(callId) == CallStatus.Live;
        Local.MarkEnded(callId);
        if (_handingOver.TryRemove(callId, out _))
        {
            // Handed over: its grain (whose turn is releasing it) keeps the call for the next owner.
            _claims.TryRemove(callId, out _);
            _handedOver[callId] = 0;
            return;
        }

        if (wasLive && _claims.TryRemove(callId, out var claim))
        {
            var release = ReleaseAsync(callId, claim);
            _releases[release] = 0;
            _ = release.ContinueWith(done => _releases.TryRemove(done, out _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
    }

    /// <summary>The call is about to leave this instance by a hand-over: its end here must not release it in the cluster.</summary>
    internal void BeginHandOver(string callId) => _handingOver[callId] = 0;

    /// <summary>The hand-over did not happen; true when the call had not left meanwhile (false: it left, and was not released).</summary>
    internal bool CancelHandOver(string callId) => _handingOver.TryRemove(callId, out _);

    /// <summary>Waits for the claims and releases under way.</summary>
    public Task WhenSettledAsync() => Task.WhenAll([.. _claims.Values, .. _releases.Keys]);

    /// <summary>Stops the claims still retrying (at shutdown: the silo is going away).</summary>
    public void Dispose()
    {
        // Registered under two service types, so disposed twice.
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _stopping.Cancel();
            _stopping.Dispose();
        }
    }

    private async Task ClaimAsync(string callId, string? tenantId)
    {
        await Task.Yield();
        var stopping = _stoppingToken;
        var delay = TimeSpan.FromMilliseconds(20);
        try
        {
            for (var attempt = 1; attempt <= MaxClaimAttempts; attempt++)
            {
                try
                {
                    RequestContext.Set(IPlacementDirector.PlacementHintKey, _silo.Instance.Address);
                    if (await _silo.Grains.GetGrain<ICallGrain>(callId).ClaimAsync(_silo.Instance.SiloKey, tenantId).WaitAsync(stopping).ConfigureAwait(false))
                    {
                        return;
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.ClaimFailed(_logger, exception, callId, attempt);
                }
                finally
                {
                    RequestContext.Remove(IPlacementDirector.PlacementHintKey);
                }

                // Cluster housekeeping runs on real time, like Orleans itself, whatever clock the application uses.
                await Task.Delay(delay, TimeProvider.System, stopping).ConfigureAwait(false);
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromSeconds(1).Ticks));
            }

            Log.ClaimGaveUp(_logger, callId, MaxClaimAttempts);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Shutting down: the cluster forgets this instance's calls with it.
        }
    }

    private async Task ReleaseAsync(string callId, Task claim)
    {
        try
        {
            await claim.ConfigureAwait(false);
            await _silo.Grains.GetGrain<ICallGrain>(callId).EndAsync().WaitAsync(_stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (_stoppingToken.IsCancellationRequested)
        {
            // Shutting down: nothing left to release to.
        }
        catch (Exception exception)
        {
            Log.ReleaseFailed(_logger, exception, callId);
        }
    }

    private bool HasOtherMembers()
    {
        if (!_silo.IsStarted)
        {
            return false;
        }

        foreach (var member in _silo.Membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status == SiloStatus.Active && !member.SiloAddress.Equals(_silo.Instance.Address))
            {
                return true;
            }
        }

        return false;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = ClusterEventIds.CallClaimFailed, EventName = nameof(ClusterEventIds.CallClaimFailed), Level = LogLevel.Warning, Message = "Claiming call {CallId} for this instance failed (attempt {Attempt})")]
        public static partial void ClaimFailed(ILogger logger, Exception exception, string callId, int attempt);

        [LoggerMessage(EventId = ClusterEventIds.CallClaimGaveUp, EventName = nameof(ClusterEventIds.CallClaimGaveUp), Level = LogLevel.Error, Message = "Call {CallId} could not be claimed for this instance after {Attempts} attempts; notifications landing on other instances are refused until it is")]
        public static partial void ClaimGaveUp(ILogger logger, string callId, int attempts);

        [LoggerMessage(EventId = ClusterEventIds.CallReleaseFailed, EventName = nameof(ClusterEventIds.CallReleaseFailed), Level = LogLevel.Warning, Message = "Releasing ended call {CallId} in the cluster failed")]
        public static partial void ReleaseFailed(ILogger logger, Exception exception, string callId);
    }
}
