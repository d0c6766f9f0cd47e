using System.Text;

namespace CallingBot.Media.Streaming;

/// <summary>
/// Maps the UTF-8 bytes of participant ids to strings created once, so decoding an unmixed stream does not
/// allocate a string per frame. A stream carries a handful of participants; when the cache is full the
/// oldest entry is replaced.
/// </summary>
internal sealed class ParticipantIdCache
{
    private const int Capacity = 64;

    private readonly byte[][] _keys = new byte[Capacity][];
    private readonly string[] _values = new string[Capacity];
    private int _count;
    private int _next;

    public string GetOrAdd(ReadOnlySpan<byte> utf8)
    {
        for (var i = 0; i < _count; i++)
        {
            if (utf8.SequenceEqual(_keys[i]))
            {
                return _values[i];
            }
        }

        var value = Encoding.UTF8.GetString(utf8);
        Add(utf8.ToArray(), value);
        return value;
    }

    public string GetOrAdd(string value)
    {
        for (var i = 0; i < _count; i++)
        {
            if (string.Equals(_values[i], value, StringComparison.Ordinal))
            {
                return _values[i];
            }
        }

        Add(Encoding.UTF8.GetBytes(value), value);
        return value;
    }

    private void Add(byte[] key, string value)
    {
        var slot = _count < Capacity ? _count++ : _next++ % Capacity;
        _keys[slot] = key;
        _values[slot] = value;
    }
}
