namespace CallingBot.Media.Audio;

/// <summary>
/// Per-source state for processors that treat each participant of an unmixed stream separately. Lookups
/// compare references first (decoded participant ids are interned) and allocate nothing. Holds at most
/// <see cref="MaxSources"/> sources; beyond that the oldest entry is replaced.
/// </summary>
internal sealed class SourceMap<T>
    where T : class
{
    public const int MaxSources = 256;

    private string?[] _keys = new string?[4];
    private T[] _values = new T[4];
    private int _count;
    private int _next;

    public int Count => _count;

    public ReadOnlySpan<string?> Keys => _keys.AsSpan(0, _count);

    public ReadOnlySpan<T> Values => _values.AsSpan(0, _count);

    public T? Find(string? key)
    {
        for (var i = 0; i < _count; i++)
        {
            if (ReferenceEquals(_keys[i], key))
            {
                return _values[i];
            }
        }

        if (key is null)
        {
            return null;
        }

        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_keys[i], key, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        return null;
    }

    public void Add(string? key, T value)
    {
        int slot;
        if (_count < MaxSources)
        {
            if (_count == _keys.Length)
            {
                Array.Resize(ref _keys, _count * 2);
                Array.Resize(ref _values, _count * 2);
            }

            slot = _count++;
        }
        else
        {
            slot = _next++ % MaxSources;
        }

        _keys[slot] = key;
        _values[slot] = value;
    }
}
