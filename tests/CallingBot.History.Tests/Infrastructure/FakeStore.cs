using CallingBot.History.Querying;
using CallingBot.History.Records;
using CallingBot.History.Storage;

namespace CallingBot.History.Tests.Infrastructure;

/// <summary>A store that fails while <see cref="Failing"/> is set, and records what it wrote and how often it was tried.</summary>
internal sealed class FakeStore : ICallHistoryStore
{
    private readonly List<CallHistoryEntry> _written = [];
    private int _attempts;
    private int _migrations;
    private volatile bool _schemaLost;

    public volatile bool Failing;

    public string Name => "fake";

    public int Attempts => Volatile.Read(ref _attempts);

    /// <summary>Successful migrations.</summary>
    public int Migrations => Volatile.Read(ref _migrations);

    /// <summary>The database loses its tables (restored from an empty backup): writes fail until the next migration.</summary>
    public void LoseSchema() => _schemaLost = true;

    public IReadOnlyList<string> WrittenIds
    {
        get
        {
            lock (_written)
            {
                return [.. _written.Select(e => e.CallId)];
            }
        }
    }

    public Task<SchemaMigration> MigrateAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Failing)
        {
            return Task.FromException<SchemaMigration>(new IOException("store down"));
        }

        Interlocked.Increment(ref _migrations);
        _schemaLost = false;
        return Task.FromResult(new SchemaMigration(0, 1));
    }

    public Task WriteAsync(IReadOnlyList<CallHistoryEntry> entries, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _attempts);
        if (Failing || _schemaLost)
        {
            return Task.FromException(new IOException(Failing ? "store down" : "relation \"call_history\" does not exist"));
        }

        lock (_written)
        {
            _written.AddRange(entries);
        }

        return Task.CompletedTask;
    }

    public Task<CallHistoryPage> QueryAsync(CallHistoryQuery query, CancellationToken cancellationToken) =>
        Failing ? Task.FromException<CallHistoryPage>(new IOException("store down")) : Task.FromResult(new CallHistoryPage([], null));

    public Task<CallHistoryEntry?> GetAsync(string callId, CancellationToken cancellationToken) => Task.FromResult<CallHistoryEntry?>(null);

    public Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken) => Task.FromResult(0);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
