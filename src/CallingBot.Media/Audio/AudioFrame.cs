using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CallingBot.Media.Audio;

/// <summary>
/// One frame of PCM audio in a pooled buffer of exactly <see cref="AudioFormat.BytesPerFrame"/> bytes.
/// A rented frame has one reference; whoever keeps it beyond the call that handed it over calls
/// <see cref="Retain"/>, and every holder calls <see cref="Dispose"/> once. The last release returns the
/// frame to its pool, after which touching its data throws. Processors never get the frame itself: they receive a
/// read-only <see cref="AudioFrameView"/> of it (<see cref="AsView"/>), because the processors of a chain share it.
/// </summary>
public sealed class AudioFrame : IDisposable
{
    private readonly byte[] _buffer;
    private readonly AudioFramePool _pool;
    private int _references;
    private int _generation;

    internal AudioFrame(AudioFramePool pool)
    {
        _pool = pool;
        _buffer = new byte[pool.Format.BytesPerFrame];
    }

    public AudioFormat Format => _pool.Format;

    /// <summary>The PCM bytes, little-endian 16-bit, interleaved when there are several channels.</summary>
    public Span<byte> Data
    {
        get
        {
            ThrowIfReleased();
            return _buffer;
        }
    }

    /// <summary>The same bytes as <see cref="Data"/>, for APIs that need memory rather than a span.</summary>
    public Memory<byte> Memory
    {
        get
        {
            ThrowIfReleased();
            return _buffer;
        }
    }

    /// <summary>The PCM samples (the pipeline runs only on little-endian hosts, checked by the pool).</summary>
    public Span<short> Samples => MemoryMarshal.Cast<byte, short>(Data);

    /// <summary>Position on the call's media clock: time since the first frame of the stream, never wall-clock time.</summary>
    public TimeSpan Timestamp { get; set; }

    /// <summary>Who spoke, for unmixed streams (ACS <c>participantRawID</c>); null for mixed audio.</summary>
    public string? ParticipantId { get; set; }

    /// <summary>True when the sender marked the frame as silence.</summary>
    public bool IsSilent { get; set; }

    /// <summary>When the frame reached the pipeline, as a <see cref="TimeProvider"/> timestamp.</summary>
    public long ArrivalTimestamp { get; internal set; }

    /// <summary>Current number of holders; zero once the frame is back in its pool.</summary>
    public int ReferenceCount => Volatile.Read(ref _references);

    /// <summary>Adds a holder and returns this frame, for code that keeps the frame after the current call.</summary>
    public AudioFrame Retain()
    {
        var count = Interlocked.Increment(ref _references);
        if (count <= 1)
        {
            Interlocked.Decrement(ref _references);
            throw new ObjectDisposedException(nameof(AudioFrame), "The frame was already returned to its pool.");
        }

        return this;
    }

    /// <summary>
    /// A read-only view of this frame, which is what processors receive. It is valid while the frame is held and throws
    /// once the frame has gone back to its pool.
    /// </summary>
    public AudioFrameView AsView()
    {
        ThrowIfReleased();
        return new AudioFrameView(this, _generation);
    }

    /// <summary>Copies the samples and the metadata of <paramref name="source"/> into this frame.</summary>
    public void CopyFrom(AudioFrame source)
    {
        ArgumentNullException.ThrowIfNull(source);
        source.Data.CopyTo(Data);
        Timestamp = source.Timestamp;
        ParticipantId = source.ParticipantId;
        IsSilent = source.IsSilent;
    }

    /// <summary>Releases this holder's reference; the last one returns the frame to its pool.</summary>
    public void Dispose()
    {
        var count = Interlocked.Decrement(ref _references);
        if (count == 0)
        {
            _pool.Return(this);
        }
        else
        {
            Debug.Assert(count > 0, "An audio frame was released more often than it was retained.");
        }
    }

    /// <summary>Which rental of this pooled object the frame is; views of an earlier rental no longer apply.</summary>
    internal int Generation => Volatile.Read(ref _generation);

    internal void Reset()
    {
        Volatile.Write(ref _generation, unchecked(_generation + 1));
        Timestamp = TimeSpan.Zero;
        ParticipantId = null;
        IsSilent = false;
        ArrivalTimestamp = 0;
        Volatile.Write(ref _references, 1);
    }

    private void ThrowIfReleased()
    {
        if (Volatile.Read(ref _references) <= 0)
        {
            throw new ObjectDisposedException(nameof(AudioFrame), "The frame was already returned to its pool.");
        }
    }
}
