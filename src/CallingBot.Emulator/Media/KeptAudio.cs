namespace CallingBot.Emulator.Media;

/// <summary>
/// Audio kept for inspection, laid on the stream's timeline in 20 ms slots: a frame goes in the slot of its arrival
/// (or the next free one), and slots nothing arrived in become silence. Bounded; thread-safe.
/// </summary>
internal sealed class KeptAudio(int maxSeconds)
{
    private const int FrameBytes = ParticipantAudioSource.BytesPerFrame;

    private readonly Lock _gate = new();
    private readonly long _maxBytes = (long)maxSeconds * ParticipantAudioSource.SampleRate * 2;
    private byte[] _pcm = [];
    private long _length;
    private long _nextSlot = -1;

    public long Milliseconds
    {
        get
        {
            lock (_gate)
            {
                return _length / (ParticipantAudioSource.SampleRate * 2 / 1000);
            }
        }
    }

    /// <summary>Adds a frame for <paramref name="slot"/>; slots up to two frames late still count as contiguous.</summary>
    public void Add(long slot, ReadOnlySpan<byte> frame)
    {
        if (_maxBytes == 0)
        {
            return;
        }

        lock (_gate)
        {
            if (_nextSlot < 0)
            {
                _nextSlot = slot;
            }

            if (slot > _nextSlot + 2)
            {
                var gap = (slot - _nextSlot) * FrameBytes;
                if (_length + gap > _maxBytes)
                {
                    return;
                }

                Append(gap, default);
                _nextSlot = slot;
            }

            if (_length + FrameBytes > _maxBytes)
            {
                return;
            }

            Append(frame.Length, frame);
            _nextSlot++;
        }
    }

    public byte[] ToArray()
    {
        lock (_gate)
        {
            return _pcm.AsSpan(0, (int)_length).ToArray();
        }
    }

    /// <summary>Appends <paramref name="count"/> bytes: <paramref name="data"/>, or zeros when it is empty. Lock held.</summary>
    private void Append(long count, ReadOnlySpan<byte> data)
    {
        var needed = _length + count;
        if (needed > _pcm.Length)
        {
            Array.Resize(ref _pcm, (int)Math.Min(_maxBytes, Math.Max(needed, Math.Max(64 * 1024, _pcm.Length * 2L))));
        }

        var target = _pcm.AsSpan((int)_length, (int)count);
        if (data.IsEmpty)
        {
            target.Clear();
        }
        else
        {
            data.CopyTo(target);
        }

        _length = needed;
    }
}
