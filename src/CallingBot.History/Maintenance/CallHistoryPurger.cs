using CallingBot.History.Configuration;
using CallingBot.History.Diagnostics;
using CallingBot.History.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.History.Maintenance;

/// <summary>
/// Deletes the records of calls that ended more than <see cref="CallHistoryOptions.RetentionDays"/> ago: at start, then
/// every <see cref="CallHistoryOptions.PurgeInterval"/>, on the injected clock. A failed purge is logged and counted and
/// tried again at the next interval. With a retention of 0 nothing is purged.
/// </summary>
internal sealed partial class CallHistoryPurger(
    ICallHistoryStore store,
    SchemaGate schema,
    IOptions<CallHistoryOptions> options,
    TimeProvider timeProvider,
    HistoryMetrics metrics,
    ILogger<CallHistoryPurger> logger) : BackgroundService
{
    private readonly CallHistoryOptions _options = options.Value;

    /// <summary>One purge now; returns the records deleted, or null when it failed.</summary>
    internal async Task<int?> PurgeOnceAsync(CancellationToken cancellationToken)
    {
        var cutoff = timeProvider.GetUtcNow() - TimeSpan.FromDays(_options.RetentionDays);
        try
        {
            await schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
            var purged = await store.PurgeAsync(cutoff, cancellationToken).ConfigureAwait(false);
            metrics.Purged.Add(purged);
            if (purged > 0)
            {
                Log.Purged(logger, purged, store.Name, cutoff);
            }

            return purged;
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            metrics.CountFailure("purge");
            Log.PurgeFailed(logger, store.Name, exception.GetType().Name, exception.Message, _options.PurgeInterval.TotalMinutes);
            return null;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (_options.RetentionDays == 0)
        {
            return;
        }

        try
        {
            using var timer = new PeriodicTimer(_options.PurgeInterval, timeProvider);
            do
            {
                await PurgeOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = HistoryEventIds.HistoryPurged, EventName = nameof(HistoryEventIds.HistoryPurged), Level = LogLevel.Information, Message = "Purged {Count} call record(s) from {Store} that ended before {Cutoff:O}")]
        public static partial void Purged(ILogger logger, int count, string store, DateTimeOffset cutoff);

        [LoggerMessage(EventId = HistoryEventIds.HistoryPurgeFailed, EventName = nameof(HistoryEventIds.HistoryPurgeFailed), Level = LogLevel.Warning, Message = "Purging the call history in {Store} failed ({ErrorType}: {Error}); tried again in {IntervalMinutes} min")]
        public static partial void PurgeFailed(ILogger logger, string store, string errorType, string error, double intervalMinutes);
    }
}
