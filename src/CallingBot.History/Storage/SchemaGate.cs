using CallingBot.History.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.History.Storage;

/// <summary>
/// Applies the store's migrations once, before the first write, query or purge, whoever comes first. A failed attempt
/// leaves the gate closed and throws; the next caller tries again.
/// </summary>
internal sealed partial class SchemaGate(ICallHistoryStore store, ILogger<SchemaGate> logger) : IDisposable
{
    private readonly SemaphoreSlim _lock = new(1, 1);
    private volatile bool _ready;

    public bool IsReady => _ready;

    public async Task EnsureAsync(CancellationToken cancellationToken)
    {
        if (_ready)
        {
            return;
        }

        await _lock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_ready)
            {
                return;
            }

            var migration = await store.MigrateAsync(cancellationToken).ConfigureAwait(false);
            if (migration.From != migration.To)
            {
                Log.SchemaMigrated(logger, store.Name, migration.From, migration.To);
            }

            Log.StoreReady(logger, store.Name, migration.To);
            _ready = true;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>
    /// After a failure: the next caller checks the schema again (a cheap, idempotent transaction), so a database restored
    /// or recreated without the tables is migrated again once it is reachable.
    /// </summary>
    public void Reset() => _ready = false;

    public void Dispose() => _lock.Dispose();

    private static partial class Log
    {
        [LoggerMessage(EventId = HistoryEventIds.HistoryStoreReady, EventName = nameof(HistoryEventIds.HistoryStoreReady), Level = LogLevel.Information, Message = "Call history store {Store} ready (schema version {Version})")]
        public static partial void StoreReady(ILogger logger, string store, int version);

        [LoggerMessage(EventId = HistoryEventIds.HistorySchemaMigrated, EventName = nameof(HistoryEventIds.HistorySchemaMigrated), Level = LogLevel.Information, Message = "Call history store {Store} migrated from schema version {From} to {To}")]
        public static partial void SchemaMigrated(ILogger logger, string store, int from, int to);
    }
}
