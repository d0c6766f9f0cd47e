using System.Collections.Concurrent;
using System.Globalization;

namespace CallingBot.Media.Windows.Audio;

/// <summary>
/// Maps the media platform's source ids (MSIs: <c>ActiveSpeakerId</c> of an unmixed buffer, a dominant speaker, a video
/// source) to the call's participant ids, which is what frames carry on every transport. The Graph call's participant
/// list fills it (each participant's <c>mediaStreams[].sourceId</c>); a source not (yet) in the list maps to
/// <c>msi:{id}</c>, so frames always say who spoke. Lookups are lock-free and allocate nothing once a source has been
/// seen.
/// </summary>
public sealed class ParticipantSourceMap
{
    /// <summary>The platform's "no source" value (<c>DominantSpeakerChangedEventArgs.None</c>).</summary>
    public const uint NoSource = uint.MaxValue;

    private readonly ConcurrentDictionary<uint, string> _participants = new();
    private readonly ConcurrentDictionary<uint, string> _unknown = new();

    /// <summary>Sources known to belong to a participant.</summary>
    public int Count => _participants.Count;

    /// <summary>Records that <paramref name="sourceId"/> is one of <paramref name="participantId"/>'s media streams.</summary>
    public void Set(uint sourceId, string participantId)
    {
        ArgumentException.ThrowIfNullOrEmpty(participantId);
        _participants[sourceId] = participantId;
    }

    /// <summary>Forgets every source of <paramref name="participantId"/> (the participant left).</summary>
    public void RemoveParticipant(string participantId)
    {
        foreach (var entry in _participants)
        {
            if (string.Equals(entry.Value, participantId, StringComparison.Ordinal))
            {
                _participants.TryRemove(entry);
            }
        }
    }

    /// <summary>Records the sources of a participant as Graph lists them (<c>sourceId</c> is a decimal string); ignores ids that are not numbers.</summary>
    public void SetFromGraph(string participantId, IEnumerable<string?> sourceIds)
    {
        ArgumentNullException.ThrowIfNull(sourceIds);
        foreach (var raw in sourceIds)
        {
            if (uint.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var sourceId))
            {
                Set(sourceId, participantId);
            }
        }
    }

    /// <summary>The participant id of <paramref name="sourceId"/>, or <c>msi:{id}</c> when no participant lists it; null for <see cref="NoSource"/>.</summary>
    public string? Resolve(uint sourceId)
    {
        if (sourceId == NoSource)
        {
            return null;
        }

        if (_participants.TryGetValue(sourceId, out var participant))
        {
            return participant;
        }

        return _unknown.GetOrAdd(sourceId, static id => string.Create(CultureInfo.InvariantCulture, $"msi:{id}"));
    }

    /// <summary>The source id of a participant's first known stream, for a video subscription; false when none is known.</summary>
    public bool TryGetSource(string participantId, out uint sourceId)
    {
        foreach (var entry in _participants)
        {
            if (string.Equals(entry.Value, participantId, StringComparison.Ordinal))
            {
                sourceId = entry.Key;
                return true;
            }
        }

        sourceId = NoSource;
        return false;
    }
}
