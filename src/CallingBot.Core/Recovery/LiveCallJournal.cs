using System.Threading.Channels;
using CallingBot.Core.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Core.Recovery;

/// <summary>
/// The one writer of the <see cref="ILiveCallStore"/>: records are written and removed in the order the calls asked,
/// off the calls' event loops, so a slow or failing store never holds a call up. A failure is counted, logged once
/// when the store starts failing and once when it works again; the call goes on either way.
/// </summary>
/// <remarks>
/// What has queued up while the store was busy is written as one batch (up to <see cref="MaxBatch"/> changes) when the
/// store takes batches (<see cref="ILiveCallBatchStore"/>: the file journal appends and flushes a batch once), else
/// change by change.
/// </remarks>
internal sealed partial class LiveCallJournal : IAsyncDisposable
{
    private const int Capacity = 50_000;

    /// <summary>Changes written together at most.</summary>
    internal const int MaxBatch = 256;

    private readonly ILiveCallStore _store;
    private readonly CallMetrics _metrics;
    private readonly ILogger _logger;
    private readonly Channel<Entry> _queue;
    private readonly Task _writer;
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
        _queue = Channel.CreateBounded<Entry>(new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true }, Discard);
        _writer = Task.Run(RunAsync);
    }

    public ILiveCallStore Store => _store;

    /// <summary>Queues <paramref name="record"/> to be stored; returns at once.</summary>
    public void Save(LiveCallRecord record) => Enqueue(new Entry(record.CallId, record, Done: null));

    /// <summary>Stores <paramref name="record"/> and completes once it is stored (or fails with the store's error).</summary>
    public Task SaveAndWaitAsync(LiveCallRecord record)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_queue.Writer.TryWrite(new Entry(record.CallId, record, done)))
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
        _queue.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private void Enqueue(Entry entry)
    {
        if (!_queue.Writer.TryWrite(entry))
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

    private async Task RunAsync()
    {
        var batch = new List<Entry>(MaxBatch);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var entry))
            {
                batch.Add(entry);
            }

            if (_store is ILiveCallBatchStore batches)
            {
                await WriteAsync(batches, batch).ConfigureAwait(false);
            }
            else
            {
                foreach (var entry in batch)
                {
                    await WriteAsync(entry).ConfigureAwait(false);
                }
            }

            batch.Clear();
        }
    }

    private async ValueTask WriteAsync(ILiveCallBatchStore store, List<Entry> batch)
    {
        using var timeout = new CancellationTokenSource(_writeTimeout);
        try
        {
            var changes = new LiveCallChange[batch.Count];
            for (var i = 0; i < changes.Length; i++)
            {
                changes[i] = new LiveCallChange(batch[i].CallId, batch[i].Record);
            }

            await store.ApplyAsync(changes, timeout.Token).ConfigureAwait(false);
            foreach (var entry in batch)
            {
                entry.Done?.TrySetResult();
            }

            Succeeded();
        }
        catch (Exception exception)
        {
            foreach (var entry in batch)
            {
                Failed(entry, exception);
            }
        }
    }

    private async ValueTask WriteAsync(Entry entry)
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
            Succeeded();
        }
        catch (Exception exception)
        {
            Failed(entry, exception);
        }
    }

    private void Succeeded()
    {
        if (Interlocked.Exchange(ref _failing, 0) == 1)
        {
            Log.Recovered(_logger);
        }
    }

    private void Failed(Entry entry, Exception exception)
    {
        _metrics.LiveCallStoreFailures.Add(1, new KeyValuePair<string, object?>("reason", entry.Record is null ? "remove" : "save"));
        entry.Done?.TrySetException(exception);
        if (Interlocked.Exchange(ref _failing, 1) == 0)
        {
            Log.Failed(_logger, exception, entry.CallId);
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
