using System.Threading.Channels;
using CallingBot.Cluster.Calls;
using CallingBot.Cluster.Configuration;
using CallingBot.Cluster.Diagnostics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace CallingBot.Cluster.Recovery;

/// <summary>
/// In <see cref="ClusterMode.Redis"/> mode, takes over the calls of instances that left the cluster and that no notification brought back (a quiet call hears
/// nothing until Graph's keepAlive limit ends it). On every membership change, and every
/// <see cref="CallingBotClusterOptions.OrphanedCallScanInterval"/>, the oldest active instance (one instance, by
/// Orleans' own membership view) walks the records of each instance that is no longer a member and activates the call
/// grain of each call here, which takes the call over. Two instances that briefly both think they are the oldest do no
/// harm: a call grain has one activation, which takes its call over once.
/// </summary>
internal sealed partial class OrphanedCallSweeper(
    ClusterSilo silo,
    RedisLiveCallStore? store,
    IOptions<CallingBotClusterOptions> options,
    ILogger<OrphanedCallSweeper> logger) : IHostedLifecycleService, IAsyncDisposable
{
    private const int Parallelism = 8;
    private readonly Channel<bool> _triggers = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly CancellationTokenSource _stopping = new();
    private Task _loop = Task.CompletedTask;
    private Task _watch = Task.CompletedTask;

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs once the application has started: the call manager can take calls over from then on.</summary>
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        if (store is null || !options.Value.TakeOverQuietCalls)
        {
            // Embedded: one instance, whose own records are settled at its start.
            return Task.CompletedTask;
        }

        var stopping = _stopping.Token;
        _watch = Task.Run(() => WatchMembershipAsync(stopping), CancellationToken.None);
        _loop = Task.Run(() => RunAsync(stopping), CancellationToken.None);
        _triggers.Writer.TryWrite(true);
        return Task.CompletedTask;
    }

    public async Task StoppingAsync(CancellationToken cancellationToken) => await StopLoopsAsync().ConfigureAwait(false);

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async ValueTask DisposeAsync()
    {
        await StopLoopsAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>One pass: the calls of every instance that left, taken over here when this is the oldest active instance.</summary>
    internal async Task<int> ScanAsync(CancellationToken cancellationToken)
    {
        if (store is null || !options.Value.TakeOverQuietCalls || !silo.IsStarted || !IsOldestActive())
        {
            return 0;
        }

        var taken = 0;
        foreach (var owner in await store.ListOwnersAsync(cancellationToken).ConfigureAwait(false))
        {
            if (owner == silo.Instance.SiloKey || IsMember(owner))
            {
                continue;
            }

            var calls = await store.ListCallsAsync(owner, cancellationToken).ConfigureAwait(false);
            if (calls.Count > 0)
            {
                Log.Found(logger, calls.Count, ClusterInstance.NameOf(owner));
            }

            await Parallel.ForEachAsync(calls, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (callId, ct) =>
            {
                try
                {
                    RequestContext.Set(IPlacementDirector.PlacementHintKey, silo.Instance.Address);
                    if (await silo.Grains.GetGrain<ICallGrain>(callId).TakeOverAsync().WaitAsync(ct).ConfigureAwait(false) == TakeOverOutcome.Held)
                    {
                        Interlocked.Increment(ref taken);
                    }
                }
                catch (Exception exception) when (exception is not OperationCanceledException)
                {
                    Log.Failed(logger, exception);
                }
                finally
                {
                    RequestContext.Remove(IPlacementDirector.PlacementHintKey);
                }
            }).ConfigureAwait(false);
            await store.ForgetOwnerIfEmptyAsync(owner, cancellationToken).ConfigureAwait(false);
        }

        return taken;
    }

    private async Task RunAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(options.Value.OrphanedCallScanInterval, TimeProvider.System);
        var ticks = TickAsync(timer, stopping);
        try
        {
            while (await _triggers.Reader.WaitToReadAsync(stopping).ConfigureAwait(false))
            {
                _triggers.Reader.TryRead(out _);
                try
                {
                    await ScanAsync(stopping).ConfigureAwait(false);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stopping.IsCancellationRequested)
                {
                    Log.Failed(logger, exception);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }

        await ticks.ConfigureAwait(false);
    }

    private async Task TickAsync(PeriodicTimer timer, CancellationToken stopping)
    {
        try
        {
            while (await timer.WaitForNextTickAsync(stopping).ConfigureAwait(false))
            {
                _triggers.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task WatchMembershipAsync(CancellationToken stopping)
    {
        try
        {
            await foreach (var _ in silo.Membership.MembershipUpdates.WithCancellation(stopping).ConfigureAwait(false))
            {
                _triggers.Writer.TryWrite(true);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
        catch (Exception exception)
        {
            // The periodic scan still runs.
            Log.Failed(logger, exception);
        }
    }

    private async Task StopLoopsAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            await _stopping.CancelAsync().ConfigureAwait(false);
        }

        await Task.WhenAll(_loop, _watch).ConfigureAwait(false);
    }

    /// <summary>The oldest active member decides: the smallest generation (start time), then the address.</summary>
    private bool IsOldestActive()
    {
        var oldest = silo.Membership.CurrentSnapshot.Members.Values
            .Where(member => member.Status == SiloStatus.Active)
            .Select(member => member.SiloAddress)
            .OrderBy(address => address.Generation)
            .ThenBy(address => address.ToString(), StringComparer.Ordinal)
            .FirstOrDefault();
        return oldest is not null && oldest.Equals(silo.Instance.Address);
    }

    private bool IsMember(string siloKey) =>
        silo.Membership.CurrentSnapshot.GetSiloStatus(SiloAddress.FromParsableString(siloKey)) is SiloStatus.Created or SiloStatus.Joining or SiloStatus.Active or SiloStatus.ShuttingDown or SiloStatus.Stopping;

    private static partial class Log
    {
        [LoggerMessage(EventId = ClusterEventIds.OrphanedCallsFound, EventName = nameof(ClusterEventIds.OrphanedCallsFound), Level = LogLevel.Information, Message = "Taking over {Count} call(s) recorded by instance {Instance}, which left the cluster")]
        public static partial void Found(ILogger logger, int count, string instance);

        [LoggerMessage(EventId = ClusterEventIds.OrphanedCallScanFailed, EventName = nameof(ClusterEventIds.OrphanedCallScanFailed), Level = LogLevel.Warning, Message = "The scan for calls of instances that left the cluster failed; the next membership change or scan tries again")]
        public static partial void Failed(ILogger logger, Exception exception);
    }
}
