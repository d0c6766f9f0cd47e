using System.Runtime.InteropServices;

namespace CallingBot.Media.Audio;

/// <summary>
/// A read-only view of an <see cref="AudioFrame"/>, which is what audio processors receive: every processor of a
/// chain sees the same pooled frame, so none may change what the next one reads. A struct over the frame, so
/// handing it on allocates nothing.
/// </summary>
/// <remarks>
/// A view is valid while its frame is held. After the frame went back to its pool every member throws
/// <see cref="ObjectDisposedException"/>, even when the pool has since rented the same object out again, so a view
/// kept past the call that handed it over fails loudly instead of reading another frame. To keep the frame, call
/// <see cref="Retain"/>; to keep the samples in a frame of your own, <see cref="CopyTo"/>.
/// </remarks>
public readonly struct AudioFrameView
{
    private readonly AudioFrame? _frame;
    private readonly int _generation;

    internal AudioFrameView(AudioFrame frame, int generation)
    {
        _frame = frame;
        _generation = generation;
    }

    public AudioFormat Format => Frame.Format;

    /// <summary>The PCM bytes, little-endian 16-bit, interleaved when there are several channels.</summary>
    public ReadOnlySpan<byte> Data => Frame.Data;

    /// <summary>The same bytes as <see cref="Data"/>, for APIs that need memory rather than a span.</summary>
    public ReadOnlyMemory<byte> Memory => Frame.Memory;

    /// <summary>The PCM samples.</summary>
    public ReadOnlySpan<short> Samples => MemoryMarshal.Cast<byte, short>(Data);

    /// <summary>Position on the call's media clock: time since the first frame of the stream, never wall-clock time.</summary>
    public TimeSpan Timestamp => Frame.Timestamp;

    /// <summary>Who spoke, for unmixed streams (ACS <c>participantRawID</c>); null for mixed audio.</summary>
    public string? ParticipantId => Frame.ParticipantId;

    /// <summary>True when the sender marked the frame as silence.</summary>
    public bool IsSilent => Frame.IsSilent;

    /// <summary>
    /// Adds a holder to the frame, for a processor that keeps it after the current call (for example to hand it to a
    /// writer of its own). The frame stays read-only; dispose the result exactly once to release it.
    /// </summary>
    public RetainedAudioFrame Retain()
    {
        var frame = Frame;
        frame.Retain();
        return new RetainedAudioFrame(frame, _generation);
    }

    /// <summary>Copies the samples and the metadata (timestamp, participant, silence) into <paramref name="destination"/>, a frame the caller owns.</summary>
    public void CopyTo(AudioFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        destination.CopyFrom(Frame);
    }

    private AudioFrame Frame
    {
        get
        {
            var frame = _frame ?? throw new InvalidOperationException($"This {nameof(AudioFrameView)} refers to no frame; views come from {nameof(AudioFrame)}.{nameof(AudioFrame.AsView)}().");
            if (frame.Generation != _generation || frame.ReferenceCount <= 0)
            {
                throw new ObjectDisposedException(nameof(AudioFrame), "The frame this view refers to was already returned to its pool; retain it to keep it.");
            }

            return frame;
        }
    }
}
