using System.Runtime.InteropServices;
using CallingBot.Media.Audio;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Processors;

/// <summary>
/// Writes frames into a WAV file on the media timeline: timestamps are rounded to frame slots, gaps are
/// filled with silence, and frames that share a slot (several participants of an unmixed stream) are mixed.
/// One slot is held back until the next one starts, so mixing never rewrites the file.
/// </summary>
internal sealed class TimelineWriter : IDisposable
{
    private readonly WavWriter _writer;
    private readonly AudioFormat _format;
    private readonly long _maxGapSlots;
    private readonly short[] _pending;
    private long _pendingSlot = -1;
    private long _nextSlot;
    private bool _started;

    public TimelineWriter(WavWriter writer, AudioFormat format, bool alignToCallStart, TimeSpan maxSilenceFill)
    {
        if (writer.SampleRate != format.SampleRate || writer.Channels != format.Channels)
        {
            throw new ArgumentException($"The WAV writer is {writer.SampleRate} Hz, {writer.Channels} ch; the call audio is {format}.", nameof(writer));
        }

        _writer = writer;
        _format = format;
        _started = alignToCallStart;
        _maxGapSlots = maxSilenceFill.Ticks / format.FrameDuration.Ticks;
        _pending = new short[format.SampleCountPerFrame];
    }

    /// <summary>Frames that arrived for a slot already written.</summary>
    public long LateFrames { get; private set; }

    public TimeSpan Duration => _writer.Duration;

    public void Write(AudioFrameView frame)
    {
        var slot = (long)Math.Round((double)frame.Timestamp.Ticks / _format.FrameDuration.Ticks);
        if (!_started)
        {
            _started = true;
            _nextSlot = slot;
        }

        if (_pendingSlot >= 0)
        {
            if (slot == _pendingSlot)
            {
                AudioLevel.MixInto(_pending, frame.Samples);
                return;
            }

            if (slot < _pendingSlot)
            {
                LateFrames++;
                return;
            }

            FlushPending();
        }

        if (slot < _nextSlot)
        {
            LateFrames++;
            return;
        }

        if (slot > _nextSlot)
        {
            var gap = Math.Min(slot - _nextSlot, _maxGapSlots);
            _writer.WriteSilence(gap * _format.BytesPerFrame);
            _nextSlot = slot;
        }

        frame.Samples.CopyTo(_pending);
        _pendingSlot = slot;
    }

    public void Flush()
    {
        FlushPending();
        _writer.Flush();
    }

    public void Dispose()
    {
        try
        {
            FlushPending();
        }
        finally
        {
            _writer.Dispose();
        }
    }

    private void FlushPending()
    {
        if (_pendingSlot < 0)
        {
            return;
        }

        _writer.Write(MemoryMarshal.AsBytes(_pending.AsSpan()));
        _nextSlot = _pendingSlot + 1;
        _pendingSlot = -1;
    }
}
