namespace CallingBot.Core.Manager;

/// <summary>A bounded set of recently seen ids, forgetting the oldest first.</summary>
internal sealed class RecentIds(int capacity)
{
    private readonly HashSet<string> _set = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public void Add(string id)
    {
        lock (_gate)
        {
            if (!_set.Add(id))
            {
                return;
            }

            _order.Enqueue(id);
            while (_order.Count > capacity)
            {
                _set.Remove(_order.Dequeue());
            }
        }
    }

    public bool Contains(string id)
    {
        lock (_gate)
        {
            return _set.Contains(id);
        }
    }
}
