using System.Threading.Channels;
using CallingBot.History.Configuration;
using CallingBot.History.Diagnostics;
using CallingBot.History.Records;
using CallingBot.History.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.History.Writing;

/// <summary>
/// Writes ended calls to the store in the background, so the call's path never waits for the database or fails with
/// it. The store's schema is applied at start (tried again until it succeeds). Records wait in a bounded queue; when it
/// is full the <b>oldest</b> waiting record is dropped (the newest calls are
/// the ones operators look for, and a long outage should not freeze the history at its start). A batch the store
/// refuses is kept and tried again every <see cref="CallHistoryOptions.RetryInterval"/>. An outage is logged when it
/// starts and when it ends, never once per record; every failed attempt is counted.
/// </summary>
internal sealed partial class CallHistoryWriter : BackgroundService
{
    private readonly ICallHistoryStore _store;
    private readonly SchemaGate _schema;
    private readonly CallHistoryOptions _options;
    private readonly TimeProvider _time;
    private readonly HistoryMetrics _metrics;
    private readonly CallHistoryStatus _status;
    private readonly ILogger<CallHistoryWriter> _logger;
    private readonly Channel<CallHistoryEntry> _queue;
    private readonly List<CallHistoryEntry> _batch;
    private int _droppingReported;

    public CallHistoryWriter(
        ICallHistoryStore store,
        SchemaGate schema,
        IOptions<CallHistoryOptions> options,
        TimeProvider timeProvider,
        HistoryMetrics metrics,
        CallHistoryStatus status,
        ILogger<CallHistoryWriter> logger)
    {
        _store = store;
        _schema = schema;
        _options = options.Value;
        _time = timeProvider;
        _metrics = metrics;
        _status = status;
        _logger = logger;
        _batch = new List<CallHistoryEntry>(_options.BatchSize);
        _queue = Channel.CreateBounded<CallHistoryEntry>(
            new BoundedChannelOptions(_options.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => OnDropped());
        status.AttachQueue(() => _queue.Reader.Count);
    }

    /// <summary>Queues a record; never blocks. False only once the writer has stopped (the record is counted as dropped).</summary>
    public bool Enqueue(CallHistoryEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (_queue.Writer.TryWrite(entry))
        {
            return true;
        }

        _metrics.CountDropped(1, "shutdown");
        _status.RecordDropped(1);
        return false;
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _queue.Writer.TryComplete();
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
        await FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (_batch.Count == 0)
                {
                    // Until the schema is in place the store is tried without waiting for a record, so an unreachable
                    // store shows in health and metrics from the start.
                    if (_schema.IsReady && !await _queue.Reader.WaitToReadAsync(stoppingToken).ConfigureAwait(false))
                    {
                        return;
                    }

                    Fill();
                }

                if (!await TryWriteAsync(stoppingToken).ConfigureAwait(false))
                {
                    await Task.Delay(_options.RetryInterval, _time, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: what is left is written by StopAsync.
        }
    }

    private void Fill()
    {
        while (_batch.Count < _options.BatchSize && _queue.Reader.TryRead(out var entry))
        {
            _batch.Add(entry);
        }
    }

    private async Task<bool> TryWriteAsync(CancellationToken cancellationToken)
    {
        var operation = "migrate";
        try
        {
            await _schema.EnsureAsync(cancellationToken).ConfigureAwait(false);
            operation = "write";
            await _store.WriteAsync(_batch, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (!cancellationToken.IsCancellationRequested)
        {
            _schema.Reset();
            _metrics.CountFailure(operation);
            if (_status.MarkFailed(Describe(exception)))
            {
                Log.StoreUnavailable(_logger, exception, _store.Name, operation, _options.RetryInterval.TotalSeconds);
            }

            return false;
        }

        if (_batch.Count > 0)
        {
            _metrics.Written.Add(_batch.Count);
        }

        _batch.Clear();
        Volatile.Write(ref _droppingReported, 0);
        if (_status.MarkAvailable(out var outage, out var dropped))
        {
            Log.StoreRecovered(_logger, _store.Name, outage.TotalSeconds, dropped);
        }

        return true;
    }

    /// <summary>At shutdown: writes what is still waiting, within <see cref="CallHistoryOptions.ShutdownTimeout"/>; what is left is counted and logged.</summary>
    private async Task FlushAsync(CancellationToken cancellationToken)
    {
        Fill();
        if (_batch.Count == 0)
        {
            return;
        }

        using var bound = new CancellationTokenSource(_options.ShutdownTimeout);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(bound.Token, cancellationToken);
        try
        {
            while (_batch.Count > 0)
            {
                if (!await TryWriteAsync(linked.Token).ConfigureAwait(false))
                {
                    break;
                }

                Fill();
            }
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested)
        {
        }

        var lost = _batch.Count;
        while (_queue.Reader.TryRead(out _))
        {
            lost++;
        }

        _batch.Clear();
        if (lost > 0)
        {
            _metrics.CountDropped(lost, "shutdown");
            _status.RecordDropped(lost);
            Log.RecordsLostAtShutdown(_logger, lost, _store.Name);
        }
    }

    private void OnDropped()
    {
        _metrics.CountDropped(1, "queue-full");
        _status.RecordDropped(1);
        if (Interlocked.Exchange(ref _droppingReported, 1) == 0)
        {
            Log.QueueDropping(_logger, _options.QueueCapacity, _store.Name);
        }
    }

    /// <summary>What a failure says, for the health check: its type and message (store errors name no secret).</summary>
    private static string Describe(Exception exception) => $"{exception.GetType().Name}: {exception.Message}";

    private static partial class Log
    {
        [LoggerMessage(EventId = HistoryEventIds.HistoryStoreUnavailable, EventName = nameof(HistoryEventIds.HistoryStoreUnavailable), Level = LogLevel.Warning, Message = "Call history store {Store} unavailable ({Operation} failed); calls go on, records wait in the queue and the store is tried again every {RetrySeconds} s. Logged once per outage")]
        public static partial void StoreUnavailable(ILogger logger, Exception exception, string store, string operation, double retrySeconds);

        [LoggerMessage(EventId = HistoryEventIds.HistoryStoreRecovered, EventName = nameof(HistoryEventIds.HistoryStoreRecovered), Level = LogLevel.Information, Message = "Call history store {Store} available again after {OutageSeconds:0.#} s; {Dropped} record(s) were dropped during the outage")]
        public static partial void StoreRecovered(ILogger logger, string store, double outageSeconds, long dropped);

        [LoggerMessage(EventId = HistoryEventIds.HistoryQueueDropping, EventName = nameof(HistoryEventIds.HistoryQueueDropping), Level = LogLevel.Warning, Message = "Call history queue full ({Capacity} records waiting for {Store}): the oldest waiting records are dropped until the store takes writes again")]
        public static partial void QueueDropping(ILogger logger, int capacity, string store);

        [LoggerMessage(EventId = HistoryEventIds.HistoryRecordsLostAtShutdown, EventName = nameof(HistoryEventIds.HistoryRecordsLostAtShutdown), Level = LogLevel.Warning, Message = "{Count} call record(s) could not be written to {Store} before the bot stopped")]
        public static partial void RecordsLostAtShutdown(ILogger logger, int count, string store);
    }
}
