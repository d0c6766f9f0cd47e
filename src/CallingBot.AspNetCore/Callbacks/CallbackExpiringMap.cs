namespace CallingBot.AspNetCore.Callbacks;

/// <summary>
/// A map of at most a fixed number of entries, each with an expiry: expired entries read as absent, and adding to a
/// full map first drops expired entries from the oldest end, then the oldest ones. The age order is a ring of keys
/// (no object per entry), so a map of value types holds no references the collector has to trace. Not thread-safe;
/// callers lock.
/// </summary>
internal sealed class CallbackExpiringMap<TKey, TValue>
    where TKey : notnull
{
    private readonly Dictionary<TKey, Slot> _entries;
    private readonly (TKey Key, long Sequence)[] _ring;
    private int _head;
    private int _length;
    private long _sequence;

    public CallbackExpiringMap(int capacity, IEqualityComparer<TKey>? comparer = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _ring = new (TKey, long)[capacity];
        _entries = new Dictionary<TKey, Slot>(comparer);
    }

    public int Count => _entries.Count;

    public bool TryGetValue(TKey key, DateTimeOffset now, out TValue value)
    {
        if (_entries.TryGetValue(key, out var slot))
        {
            if (slot.ExpiresAtTicks > now.UtcTicks)
            {
                value = slot.Value;
                return true;
            }

            _entries.Remove(key);
        }

        value = default!;
        return false;
    }

    /// <summary>Adds or replaces the entry for <paramref name="key"/>; a new entry is the youngest.</summary>
    public void Set(TKey key, TValue value, DateTimeOffset expiresAt, DateTimeOffset now)
    {
        if (_entries.TryGetValue(key, out var existing))
        {
            _entries[key] = existing with { Value = value, ExpiresAtTicks = expiresAt.UtcTicks };
            return;
        }

        // Drop from the oldest end: positions whose entry is gone, expired entries, and then, when full, the oldest.
        while (_length > 0)
        {
            var (oldest, sequence) = _ring[_head];
            var live = _entries.TryGetValue(oldest, out var slot) && slot.Sequence == sequence;
            if (live && slot.ExpiresAtTicks > now.UtcTicks && _length < _ring.Length)
            {
                break;
            }

            if (live)
            {
                _entries.Remove(oldest);
            }

            _ring[_head] = default;
            _head = (_head + 1) % _ring.Length;
            _length--;
        }

        var added = ++_sequence;
        _ring[(_head + _length) % _ring.Length] = (key, added);
        _length++;
        _entries[key] = new Slot(value, expiresAt.UtcTicks, added);
    }

    /// <summary>Replaces the value of a live entry, keeping its expiry and age. False when there is none.</summary>
    public bool TryUpdate(TKey key, TValue value, DateTimeOffset now)
    {
        if (!_entries.TryGetValue(key, out var slot) || slot.ExpiresAtTicks <= now.UtcTicks)
        {
            return false;
        }

        _entries[key] = slot with { Value = value };
        return true;
    }

    public bool Remove(TKey key) => _entries.Remove(key);

    private readonly record struct Slot(TValue Value, long ExpiresAtTicks, long Sequence);
}
