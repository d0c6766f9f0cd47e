namespace CallingBot.Core.Manager;

/// <summary>Keeps the most recent ended calls in memory (default 1,000).</summary>
internal sealed class InMemoryCallHistory(int capacity = 1000) : ICallHistory
{
    private readonly Queue<CallRecord> _records = new();
    private readonly Lock _gate = new();

    public void Record(CallRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            _records.Enqueue(record);
            while (_records.Count > capacity)
            {
                _records.Dequeue();
            }
        }
    }

    public IReadOnlyList<CallRecord> Recent(int count)
    {
        lock (_gate)
        {
            return _records.Reverse().Take(count).ToArray();
        }
    }
}
