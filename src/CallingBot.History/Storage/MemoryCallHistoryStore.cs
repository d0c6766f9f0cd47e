using CallingBot.History.Querying;
using CallingBot.History.Records;

namespace CallingBot.History.Storage;

/// <summary>The Memory store: the last <c>capacity</c> entries of this process, queried like the SQL stores; lost on restart.</summary>
internal sealed class MemoryCallHistoryStore(int capacity) : ICallHistoryStore
{
    private readonly LinkedList<CallHistoryEntry> _entries = new();
    private readonly HashSet<string> _ids = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public string Name => "memory";

    public Task<SchemaMigration> MigrateAsync(CancellationToken cancellationToken) => Task.FromResult(new SchemaMigration(0, 0));

    public Task WriteAsync(IReadOnlyList<CallHistoryEntry> entries, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entries);
        lock (_gate)
        {
            foreach (var entry in entries)
            {
                if (!_ids.Add(entry.CallId))
                {
                    continue;
                }

                _entries.AddLast(entry);
                while (_entries.Count > capacity)
                {
                    _ids.Remove(_entries.First!.Value.CallId);
                    _entries.RemoveFirst();
                }
            }
        }

        return Task.CompletedTask;
    }

    public Task<CallHistoryPage> QueryAsync(CallHistoryQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var limit = Math.Clamp(query.Limit, 1, CallHistoryQuery.MaxLimit);
        CallHistoryEntry[] matches;
        lock (_gate)
        {
            matches = _entries.Where(e => Matches(e, query))
                .OrderByDescending(e => e.StartedAt)
                .ThenByDescending(e => e.CallId, StringComparer.Ordinal)
                .Take(limit + 1)
                .ToArray();
        }

        if (matches.Length <= limit)
        {
            return Task.FromResult(new CallHistoryPage(matches, Next: null));
        }

        var page = matches[..limit];
        return Task.FromResult(new CallHistoryPage(page, new CallHistoryCursor(page[^1].StartedAt, page[^1].CallId)));
    }

    public Task<CallHistoryEntry?> GetAsync(string callId, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(_entries.FirstOrDefault(e => e.CallId == callId));
        }
    }

    public Task<int> PurgeAsync(DateTimeOffset endedBefore, CancellationToken cancellationToken)
    {
        var purged = 0;
        lock (_gate)
        {
            for (var node = _entries.First; node is not null;)
            {
                var next = node.Next;
                if (node.Value.EndedAt < endedBefore)
                {
                    _ids.Remove(node.Value.CallId);
                    _entries.Remove(node);
                    purged++;
                }

                node = next;
            }
        }

        return Task.FromResult(purged);
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;

    private static bool Matches(CallHistoryEntry entry, CallHistoryQuery query) =>
        (query.From is not { } from || entry.StartedAt >= from)
        && (query.To is not { } to || entry.StartedAt < to)
        && (query.Direction is not { } direction || entry.Direction == direction)
        && (query.Outcome is not { } outcome || entry.Outcome == outcome)
        && (query.Caller is not { } caller || entry.Caller?.Id == caller)
        && (query.Callee is not { } callee || entry.Callees.Any(c => c.Id == callee))
        && (query.After is not { } after || entry.StartedAt < after.StartedAt || (entry.StartedAt == after.StartedAt && string.CompareOrdinal(entry.CallId, after.CallId) < 0));
}
