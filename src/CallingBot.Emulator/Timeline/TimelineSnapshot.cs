using System.Collections;

namespace CallingBot.Emulator.Timeline;

/// <summary>
/// A call's timeline at one moment: the kept entries, oldest first, and how many older ones were dropped to stay
/// within <see cref="EmulatorOptions.MaxTimelineEntriesPerCall"/> and <see cref="EmulatorOptions.MaxTimelineCharsPerCall"/>.
/// </summary>
public sealed class TimelineSnapshot : IReadOnlyList<TimelineEntry>
{
    private readonly IReadOnlyList<TimelineEntry> _entries;

    internal TimelineSnapshot(IReadOnlyList<TimelineEntry> entries, long droppedEntries)
    {
        _entries = entries;
        DroppedEntries = droppedEntries;
    }

    /// <summary>Entries removed (oldest first) because the timeline reached its limits; 0 when it is complete.</summary>
    public long DroppedEntries { get; }

    public int Count => _entries.Count;

    public TimelineEntry this[int index] => _entries[index];

    public IEnumerator<TimelineEntry> GetEnumerator() => _entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
