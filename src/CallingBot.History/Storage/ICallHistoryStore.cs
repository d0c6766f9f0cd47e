using CallingBot.History.Querying;
using CallingBot.History.Records;

namespace CallingBot.History.Storage;

/// <summary>
/// Where entries are kept. The writer is its only writer; the reader and the purge job share it. Every method may
/// throw when the store is unreachable: callers count and report that, none of them is on a call's path.
/// </summary>
internal interface ICallHistoryStore : IAsyncDisposable
{
    /// <summary>A name for logs and health: <c>sqlite</c>, <c>postgresql</c> or <c>memory</c>.</summary>
    string Name { get; }

    /// <summary>Brings the schema to the latest version (idempotent; safe when several instances start at once).</summary>
    Task<SchemaMigration> MigrateAsync(CancellationToken cancellationToken);

    /// <summary>Writes the entries in one transaction; an entry whose call id is already stored is skipped (a retried batch).</summary>
    Task WriteAsync(IReadOnlyList<CallHistoryEntry> entries, CancellationToken cancellationToken);

    /// <summary>One page; the query's caller and callee are already masked.</summary>
    Task<CallHistoryPage> QueryAsync(CallHistoryQuery query, CancellationToken cancellationToken);

    Task<CallHistoryEntry?> GetAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Deletes entries of calls that ended before <paramref name="endedBefore"/>; returns how many.</summary>
    Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken);
}
