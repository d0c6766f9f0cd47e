using CallingBot.Core.Diagnostics;
using CallingBot.Media.Threading;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Recovery;

/// <summary>
/// The one writer of the <see cref="ILiveCallStore"/>: records are written and removed in the order the calls asked,
/// off the calls' event loops, so a slow or failing store never holds a call up. A failure is counted, logged once
/// when the store starts failing and once when it works again; the call goes on either way.
/// </summary>
internal sealed partial class LiveCallJournal : IAsyncDisposable
{
    private const int Capacity = 50_000;

    private readonly ILiveCallStore _store;
    private readonly CallMetrics _metrics;
    private readonly ILogger _logger;
    private readonly SerialWorkQueue<Entry> _queue;
    private readonly TimeSpan _writeTimeout;
    private int _failing;
    private int _overflowReported;
    private volatile bool _closed;

    public LiveCallJournal(ILiveCallStore store, CallMetrics metrics, ILogger logger, TimeSpan writeTimeout)
    {
        _store = store;
        _metrics = metrics;
        _logger = logger;
        _writeTimeout = writeTimeout;
        _queue = new SerialWorkQueue<Entry>(WriteAsync, Capacity, Discard);
        _queue.Start();
    }

    public ILiveCallStore Store => _store;

    /// <summary>Queues <paramref name="record"/> to be stored; returns at once.</summary>
    public void Save(LiveCallRecord record) => Enqueue(new Entry(record.CallId, record, Done: null));

    /// <summary>Stores <paramref name="record"/> and completes once it is stored (or fails with the store's error).</summary>
    public Task SaveAndWaitAsync(LiveCallRecord record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.TryEnqueue(new Entry(record.CallId, record, done)))
        {
            done.TrySetException(new InvalidOperationException("The live call store takes no more records (the bot is stopping or the store is overloaded)."));
        }

        return done.Task;
    }

    /// <summary>Queues the removal of the call's record; returns at once.</summary>
    public void Remove(string callId) => Enqueue(new Entry(callId, Record: null, Done: null));

    public async ValueTask DisposeAsync()
    {
        _closed = true;
        _queue.Complete();
        await _queue.Completion.ConfigureAwait(false);
        await _queue.DisposeAsync().ConfigureAwait(false);
    }

    private void Enqueue(Entry entry)
    {
        if (!_queue.TryEnqueue(entry))
        {
            Discard(entry);
        }
    }

    private void Discard(Entry entry)
    {
        if (_closed)
        {
            // Shutting down: a record left behind is settled by the reconciliation at the next start.
            entry.Done?.TrySetException(new InvalidOperationException("The live call store is closed: the bot is stopping."));
            return;
        }

        _metrics.LiveCallStoreFailures.Add(1, new KeyValuePair<string, object?>("reason", "overflow"));
        entry.Done?.TrySetException(new InvalidOperationException("The live call store takes no more records (the bot is stopping or the store is overloaded)."));
        if (Interlocked.Exchange(ref _overflowReported, 1) == 0)
        {
            Log.Overflow(_logger, Capacity);
        }
    }

    private async ValueTask WriteAsync(Entry entry, CancellationToken stopping)
    {
        using var timeout = new CancellationTokenSource(_writeTimeout);
        try
        {
            if (entry.Record is { } record)
            {
                await _store.SaveAsync(record, timeout.Token).ConfigureAwait(false);
            }
            else
            {
                await _store.RemoveAsync(entry.CallId, timeout.Token).ConfigureAwait(false);
            }

            entry.Done?.TrySetResult();
            if (Interlocked.Exchange(ref _failing, 0) == 1)
            {
                Log.Recovered(_logger);
            }
        }
        catch (Exception exception)
        {
            _metrics.LiveCallStoreFailures.Add(1, new KeyValuePair<string, object?>("reason", entry.Record is null ? "remove" : "save"));
            entry.Done?.TrySetException(exception);
            if (Interlocked.Exchange(ref _failing, 1) == 0)
            {
                Log.Failed(_logger, exception, entry.CallId);
            }
        }
    }

    private sealed record Entry(string CallId, LiveCallRecord? Record, TaskCompletionSource? Done);

    private static partial class Log
    {
        [LoggerMessage(EventId = CoreEventIds.LiveCallStoreFailed, EventName = nameof(CoreEventIds.LiveCallStoreFailed), Level = LogLevel.Error, Message = "The live call store failed (call {CallId}); calls go on, but a restart cannot take over calls whose records are missing. Logged once until the store works again")]
        public static partial void Failed(ILogger logger, Exception exception, string callId);

        [LoggerMessage(EventId = CoreEventIds.LiveCallStoreRecovered, EventName = nameof(CoreEventIds.LiveCallStoreRecovered), Level = LogLevel.Information, Message = "The live call store works again")]
        public static partial void Recovered(ILogger logger);

        [LoggerMessage(EventId = CoreEventIds.LiveCallStoreOverflow, EventName = nameof(CoreEventIds.LiveCallStoreOverflow), Level = LogLevel.Warning, Message = "The live call store fell {Capacity} records behind; records are dropped (counted in callingbot.calls.live_record_failures). Logged once")]
        public static partial void Overflow(ILogger logger, int capacity);
    }
}
