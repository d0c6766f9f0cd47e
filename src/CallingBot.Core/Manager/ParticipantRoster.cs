using CallingBot.Core.Calls;

namespace CallingBot.Core.Manager;

/// <summary>
/// A call's participants, by id: changed by the call's loop, read from any thread. The participants are one array,
/// replaced whole at every change (never changed in place, swapped in with a compare-and-swap), so a reader takes it
/// without a lock and a snapshot is the array itself.
/// </summary>
/// <remarks>
/// The bot holds one roster per call for the call's life, most of them with two participants: the roster and its array
/// cost 64 bytes where a <see cref="System.Collections.Concurrent.ConcurrentDictionary{TKey,TValue}"/> cost about 400.
/// A change copies the array and a lookup walks it: for the thousand participants of a large meeting, a few
/// microseconds per change.
/// </remarks>
internal sealed class ParticipantRoster
{
    private ParticipantInfo[] _participants = [];

    /// <summary>The participants now, in the order they joined (an array never changed once read).</summary>
    public ParticipantInfo[] Current => Volatile.Read(ref _participants);

    public bool TryGet(string id, out ParticipantInfo participant)
    {
        var current = Current;
        var index = IndexOf(current, id);
        participant = index >= 0 ? current[index] : null!;
        return index >= 0;
    }

    /// <summary>Adds <paramref name="participant"/> unless a participant with its id is there.</summary>
    public bool TryAdd(ParticipantInfo participant)
    {
        while (true)
        {
            var current = Current;
            if (IndexOf(current, participant.Id) >= 0)
            {
                return false;
            }

            if (Swap(current, [.. current, participant]))
            {
                return true;
            }
        }
    }

    /// <summary>Adds <paramref name="participant"/>, or puts it in place of the participant with its id.</summary>
    public void Set(ParticipantInfo participant)
    {
        while (true)
        {
            var current = Current;
            var index = IndexOf(current, participant.Id);
            ParticipantInfo[] next;
            if (index < 0)
            {
                next = [.. current, participant];
            }
            else
            {
                next = (ParticipantInfo[])current.Clone();
                next[index] = participant;
            }

            if (Swap(current, next))
            {
                return;
            }
        }
    }

    public bool TryRemove(string id, out ParticipantInfo removed)
    {
        while (true)
        {
            var current = Current;
            var index = IndexOf(current, id);
            if (index < 0)
            {
                removed = null!;
                return false;
            }

            if (Swap(current, [.. current.AsSpan(0, index), .. current.AsSpan(index + 1)]))
            {
                removed = current[index];
                return true;
            }
        }
    }

    private bool Swap(ParticipantInfo[] current, ParticipantInfo[] next) =>
        ReferenceEquals(Interlocked.CompareExchange(ref _participants, next, current), current);

    private static int IndexOf(ParticipantInfo[] participants, string id)
    {
        for (var i = 0; i < participants.Length; i++)
        {
            if (string.Equals(participants[i].Id, id, StringComparison.Ordinal))
            {
                return i;
            }
        }

        return -1;
    }
}
