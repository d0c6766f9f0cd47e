using System.Collections.Concurrent;

namespace CallingBot.Core.Recovery;

/// <summary>Records kept in this process only: nothing survives a restart (recovery directory set to empty).</summary>
internal sealed class InMemoryLiveCallStore : ILiveCallStore
{
    private readonly ConcurrentDictionary<string, LiveCallRecord> _records = new(StringComparer.OrdinalIgnoreCase);

    public ValueTask SaveAsync(LiveCallRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        _records[record.CallId] = record;
        return ValueTask.CompletedTask;
    }

    public ValueTask RemoveAsync(string callId, CancellationToken cancellationToken)
    {
        _records.TryRemove(callId, out _);
        return ValueTask.CompletedTask;
    }

    public ValueTask<LiveCallRecord?> FindAsync(string callId, CancellationToken cancellationToken) =>
        ValueTask.FromResult(_records.TryGetValue(callId, out var record) ? record : null);

    public ValueTask<IReadOnlyList<LiveCallRecord>> LoadAllAsync(CancellationToken cancellationToken) =>
        ValueTask.FromResult<IReadOnlyList<LiveCallRecord>>(_records.Values.ToArray());
}
