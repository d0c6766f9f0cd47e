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
/// The Communications SDK keeps the models of every call it holds, each with its additional data (19 dictionaries per
/// call, nine of them empty, most of the rest with one entry): an empty dictionary costs 80 bytes, one with a single
/// entry 212, this 32 and 72. The search is linear: meant for a handful of entries (the fast path keeps a
/// <see cref="Dictionary{TKey,TValue}"/> for a resource with many properties, <see cref="MaxEntries"/>).
/// </remarks>
internal sealed class CompactAdditionalData : IDictionary<string, object>, IReadOnlyDictionary<string, object>, ICollection
{
    /// <summary>The most properties a resource may have for its additional data to be kept here.</summary>
    public const int MaxEntries = 32;

    private const int FirstCapacity = 2;

    private KeyValuePair<string, object>[] _entries = [];

    /// <summary>Slots in use or freed (a freed slot has a null key).</summary>
    private int _used;

    /// <summary>Freed slots, the last freed first: where <see cref="Dictionary{TKey,TValue}"/> puts the next entry added.</summary>
    private int[]? _free;
    private int _freeCount;
    private int _version;

    public int Count => _used - _freeCount;

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
            _version++;
        }

        _used = 0;
        _freeCount = 0;
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

    private void Insert(string key, object value)
    {
        int index;
        if (_freeCount > 0)
        {
            index = _free![--_freeCount];
        }
        else
        {
            if (_used == _entries.Length)
            {
                Array.Resize(ref _entries, _entries.Length == 0 ? FirstCapacity : _entries.Length * 2);
            }

            index = _used++;
        }

        _entries[index] = new KeyValuePair<string, object>(key, value);
        _version++;
    }

    /// <summary>As Dictionary: removing is not a change that stops an enumeration.</summary>
    private void Free(int index)
    {
        _entries[index] = default;
        _free ??= new int[_entries.Length];
        if (_freeCount == _free.Length)
        {
            Array.Resize(ref _free, _free.Length * 2);
        }

        _free[_freeCount++] = index;
    }
}
