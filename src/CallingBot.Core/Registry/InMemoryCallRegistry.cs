using System.Collections.Concurrent;

namespace CallingBot.Core.Registry;

/// <summary>
/// The in-process <see cref="ICallRegistry"/>: live calls with their tenants, and the most recent ended call ids up to
/// a fixed capacity. Reads take no lock; writes are serialized so a call is never seen as neither live nor ended
/// while it moves from one to the other.
/// </summary>
internal sealed class InMemoryCallRegistry : ICallRegistry
{
    private readonly ConcurrentDictionary<string, string?> _live = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, byte> _ended = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _liveByTenant = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<string, int> _placingByTenant = new(StringComparer.OrdinalIgnoreCase);
    private readonly Queue<string> _endedOrder = new();
    private readonly Lock _gate = new();
    private readonly int _endedCapacity;
    private int _placingUnnamed;

    /// <param name="endedCallCapacity">How many ended call ids to remember; the oldest are forgotten first.</param>
    public InMemoryCallRegistry(int endedCallCapacity = 10_000)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(endedCallCapacity, 1);
        _endedCapacity = endedCallCapacity;
    }

    public int LiveCount => _live.Count;

    public CallStatus GetStatus(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);

        // Ended is added before live is removed (under the write lock), so reading live first never misses both.
        return _live.ContainsKey(callId) ? CallStatus.Live : _ended.ContainsKey(callId) ? CallStatus.Ended : CallStatus.Unknown;
    }

    public string? GetTenant(string callId)
    {
        ArgumentNullException.ThrowIfNull(callId);
        return _live.TryGetValue(callId, out var tenant) ? tenant : null;
    }

    public bool HasLiveCalls(string tenantId)
    {
        ArgumentNullException.ThrowIfNull(tenantId);
        return _liveByTenant.ContainsKey(tenantId) || _placingByTenant.ContainsKey(tenantId) || Volatile.Read(ref _placingUnnamed) > 0;
    }

    public bool TryAddLive(string callId, string? tenantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        lock (_gate)
        {
            if (_ended.ContainsKey(callId) || !_live.TryAdd(callId, tenantId))
            {
                return false;
            }

            if (tenantId is not null)
            {
                Increment(_liveByTenant, tenantId);
            }

            return true;
        }
    }

    public void MarkEnded(string callId)
    {
        ArgumentException.ThrowIfNullOrEmpty(callId);
        lock (_gate)
        {
            if (_ended.TryAdd(callId, 0))
            {
                _endedOrder.Enqueue(callId);
                while (_endedOrder.Count > _endedCapacity)
                {
                    _ended.TryRemove(_endedOrder.Dequeue(), out _);
                }
            }

            if (_live.TryRemove(callId, out var tenantId) && tenantId is not null)
            {
                Decrement(_liveByTenant, tenantId);
            }
        }
    }

    public bool KnowsAllCalls => true;

    public bool IsPlacing => Volatile.Read(ref _placingUnnamed) > 0 || !_placingByTenant.IsEmpty;

    public IDisposable BeginPlacing(string? tenantId)
    {
        lock (_gate)
        {
            if (tenantId is null)
            {
                _placingUnnamed++;
            }
            else
            {
                Increment(_placingByTenant, tenantId);
            }
        }

        return new Placement(this, tenantId);
    }

    private void EndPlacing(string? tenantId)
    {
        lock (_gate)
        {
            if (tenantId is null)
            {
                _placingUnnamed--;
            }
            else
            {
                Decrement(_placingByTenant, tenantId);
            }
        }
    }

    private static void Increment(ConcurrentDictionary<string, int> counts, string key) =>
        counts[key] = counts.TryGetValue(key, out var count) ? count + 1 : 1;

    private static void Decrement(ConcurrentDictionary<string, int> counts, string key)
    {
        if (!counts.TryGetValue(key, out var count))
        {
            return;
        }

        if (count <= 1)
        {
            counts.TryRemove(key, out _);
        }
        else
        {
            counts[key] = count - 1;
        }
    }

    private sealed class Placement(InMemoryCallRegistry owner, string? tenantId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.EndPlacing(tenantId);
            }
        }
    }
}
