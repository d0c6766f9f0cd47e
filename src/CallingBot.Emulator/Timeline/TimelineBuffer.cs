namespace CallingBot.Emulator.Timeline;

/// <summary>
/// A call's timeline as a ring buffer: at most <c>maxEntries</c> entries and about <c>maxChars</c> characters of
/// bodies, paths and descriptions. The oldest entries go first (the newest is always kept) and are counted in
/// <see cref="Dropped"/>. Not thread-safe: used under the call's lock.
/// </summary>
internal sealed class TimelineBuffer(int maxEntries, long maxChars)
{
    private const int EntryOverhead = 64;

    private readonly Queue<(TimelineEntry Entry, long Size)> _entries = new();
    private long _chars;

    /// <summary>Entries removed to stay within the limits since the call began.</summary>
    public long Dropped { get; private set; }

    public int Count => _entries.Count;

    /// <summary>Characters the kept entries account for (counted when each was added).</summary>
    public long Chars => _chars;

    public void Add(TimelineEntry entry)
    {
        var size = EntryOverhead + (entry.Body?.Length ?? 0) + (entry.ResponseBody?.Length ?? 0) + (entry.Path?.Length ?? 0) + (entry.Description?.Length ?? 0);
        _entries.Enqueue((entry, size));
        _chars += size;
        while (_entries.Count > 1 && (_entries.Count > maxEntries || _chars > maxChars))
        {
            _chars -= _entries.Dequeue().Size;
            Dropped++;
        }
    }

    /// <summary>Copies of the kept entries, oldest first.</summary>
    public List<TimelineEntry> Copy()
    {
        var copies = new List<TimelineEntry>(_entries.Count);
        foreach (var (entry, _) in _entries)
        {
            copies.Add(entry.Copy());
        }

        return copies;
    }
}
