namespace CallingBot.Host.Callbacks;

/// <summary>
/// The ids of calls whose <c>deleted</c> notification the bot has processed (the most recent
/// <see cref="Capacity"/>). Graph sends nothing about a call after deleting it, so any later notification naming one
/// of these calls is a replay or a late duplicate and is ignored: it can neither resurrect the call nor leave a stale
/// call object behind in the SDK.
/// </summary>
public sealed class EndedCallRegistry
{
    public const int Capacity = 10_000;

    private readonly HashSet<string> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _order = new();
    private readonly Lock _gate = new();

    public void Add(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        lock (_gate)
        {
            if (!_ids.Add(callId))
            {
                return;
            }

            _order.Enqueue(callId);
            if (_order.Count > Capacity)
            {
                _ids.Remove(_order.Dequeue());
            }
        }
    }

    public bool Contains(string callId)
    {
        lock (_gate)
        {
            return _ids.Contains(callId);
        }
    }
}
