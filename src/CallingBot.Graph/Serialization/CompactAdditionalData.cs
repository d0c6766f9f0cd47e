using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace CallingBot.Graph.Serialization;

/// <summary>
/// The additional data of a Graph model read on the notification fast path: what the model's own
/// <see cref="Dictionary{TKey,TValue}"/> would hold and do (ordinal keys; enumeration in insertion order, an entry
/// removed leaving its place to the next one added, as <see cref="Dictionary{TKey,TValue}"/> enumerates; removing
/// while enumerating allowed, adding not), in one array of entries searched in order: about a third of the memory.
/// </summary>
/// <remarks>
/// <para>
/// The Communications SDK keeps the models of every call it holds, each with its additional data (18 dictionaries per
/// call, nine of them empty, most of the rest with one entry): an empty dictionary costs 80 bytes, one with a single
/// entry 212, this 32 and 72. The search is linear: meant for a handful of entries (the fast path keeps a
/// <see cref="Dictionary{TKey,TValue}"/> for a resource with many properties, <see cref="MaxEntries"/>).
/// </para>
/// <para>
/// To stay at 32 bytes its counters are 16 bits: it holds at most <see cref="Capacity"/> entries (adding more throws),
/// and the slots freed by removals are linked through the freed slots themselves instead of a list of their own.
/// </para>
/// </remarks>
internal sealed class CompactAdditionalData : IDictionary<string, object>, IReadOnlyDictionary<string, object>, ICollection
{
    /// <summary>The most properties a resource may have for its additional data to be kept here.</summary>
    public const int MaxEntries = 32;

    private const int FirstCapacity = 2;

    /// <summary>The most entries one holds.</summary>
    public const int Capacity = ushort.MaxValue;

    /// <summary>The links of freed slots, boxed once: a freed slot's value is the next freed slot's index plus one.</summary>
    private static readonly object[] FreeLinks = Enumerable.Range(0, MaxEntries * 2).Select(i => (object)i).ToArray();

    private KeyValuePair<string, object>[] _entries = [];

    /// <summary>Slots in use or freed (a freed slot has a null key).</summary>
    private ushort _used;

    /// <summary>Entries held.</summary>
    private ushort _count;

    /// <summary>
    /// The last slot freed, plus one (0: none): where <see cref="Dictionary{TKey,TValue}"/> puts the next entry added.
    /// Each freed slot's value links to the slot freed before it, the same way.
    /// </summary>
    private ushort _freeHead;

    private ushort _version;

    public int Count => _count;

    public bool IsReadOnly => false;

    bool ICollection.IsSynchronized => false;

    object ICollection.SyncRoot => this;

    /// <summary>A copy of the keys, in enumeration order.</summary>
    public ICollection<string> Keys => this.Select(entry => entry.Key).ToArray();

    /// <summary>A copy of the values, in enumeration order.</summary>
    public ICollection<object> Values => this.Select(entry => entry.Value).ToArray();

    IEnumerable<string> IReadOnlyDictionary<string, object>.Keys => Keys;

    IEnumerable<object> IReadOnlyDictionary<string, object>.Values => Values;

    public object this[string key]
    {
        get => IndexOf(key) is var index and >= 0 ? _entries[index].Value : throw new KeyNotFoundException($"The given key '{key}' was not present in the dictionary.");
        set
        {
            var index = IndexOf(key);
            if (index >= 0)
            {
                // As Dictionary: replacing a value keeps the key first added and is not a change of the collection.
                _entries[index] = new KeyValuePair<string, object>(_entries[index].Key, value);
            }
            else
            {
                Insert(key, value);
            }
        }
    }

    public void Add(string key, object value)
    {
        if (IndexOf(key) >= 0)
        {
            throw new ArgumentException($"An item with the same key has already been added. Key: {key}", nameof(key));
        }

        Insert(key, value);
    }

    public void Add(KeyValuePair<string, object> item) => Add(item.Key, item.Value);

    public bool ContainsKey(string key) => IndexOf(key) >= 0;

    public bool Contains(KeyValuePair<string, object> item) =>
        IndexOf(item.Key) is var index and >= 0 && EqualityComparer<object>.Default.Equals(_entries[index].Value, item.Value);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value)
    {
        var index = IndexOf(key);
        value = index >= 0 ? _entries[index].Value : default;
        return index >= 0;
    }

    public bool Remove(string key)
    {
        var index = IndexOf(key);
        if (index < 0)
        {
            return false;
        }

        Free(index);
        return true;
    }

    public bool Remove(KeyValuePair<string, object> item)
    {
        if (!Contains(item))
        {
            return false;
        }

        Free(IndexOf(item.Key));
        return true;
    }

    public void Clear()
    {
        if (Count > 0)
        {
            Array.Clear(_entries);
            _version = unchecked((ushort)(_version + 1));
        }

        _used = 0;
        _count = 0;
        _freeHead = 0;
    }

    public void CopyTo(KeyValuePair<string, object>[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        ArgumentOutOfRangeException.ThrowIfNegative(arrayIndex);
        if (array.Length - arrayIndex < Count)
        {
            throw new ArgumentException("The destination array is too small.", nameof(array));
        }

        foreach (var entry in this)
        {
            array[arrayIndex++] = entry;
        }
    }

    void ICollection.CopyTo(Array array, int index)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var entry in this)
        {
            array.SetValue(entry, index++);
        }
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        var version = _version;
        for (var i = 0; i < _used; i++)
        {
            if (version != _version)
            {
                throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
            }

            if (_entries[i].Key is not null)
            {
                yield return _entries[i];
            }
        }

        if (version != _version)
        {
            throw new InvalidOperationException("Collection was modified; enumeration operation may not execute.");
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private int IndexOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var entries = _entries;
        for (var i = 0; i < _used; i++)
        {
            if (string.Equals(entries[i].Key, key, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>
    /// Gives back the room no entry took (when no slot is freed): additional data the SDK keeps for a call holds
    /// exactly its entries. The reader of a model calls it once the model is read.
    /// </summary>
    public void TrimExcess()
    {
        if (_freeHead == 0 && _used < _entries.Length)
        {
            Array.Resize(ref _entries, _used);
        }
    }

    /// <summary>Room held beyond the slots in use (for tests).</summary>
    internal int UnusedSlots => _entries.Length - _used;

    private void Insert(string key, object value)
    {
        int index;
        if (_freeHead != 0)
        {
            index = _freeHead - 1;
            _freeHead = (ushort)(int)_entries[index].Value;
        }
        else
        {
            if (_used == Capacity)
            {
                throw new InvalidOperationException($"The additional data of a model read from a notification holds at most {Capacity} entries.");
            }

            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length == 0 ? FirstCapacity : Math.Min(_entries.Length * 2, Capacity));
            }

            index = _used++;
        }

        _entries[index] = new KeyValuePair<string, object>(key, value);
        _count++;
        _version = unchecked((ushort)(_version + 1));
    }

    /// <summary>
    /// As Dictionary: the slot is the next to take an entry, and removing is not a change that stops an enumeration.
    /// The last slot in use, with no other slot freed, is simply no longer in use: the next entry takes it all the same;
    /// and entries held in an array of exactly their number (trimmed) stay so, which a model's additional data is once
    /// read, before the SDK's identity-set fix removes <c>identityProvider</c> from it.
    /// </summary>
    private void Free(int index)
    {
        _count--;
        if (_freeHead == 0 && index == _used - 1)
        {
            _used--;
            if (_entries.Length == _used + 1)
            {
                _entries = _used == 0 ? [] : _entries[.._used];
            }
            else
            {
                _entries[index] = default;
            }

            return;
        }

        _entries[index] = new KeyValuePair<string, object>(null!, _freeHead < FreeLinks.Length ? FreeLinks[_freeHead] : (int)_freeHead);
        _freeHead = (ushort)(index + 1);
    }
}
