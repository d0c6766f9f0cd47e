using CallingBot.Emulator.Media;

namespace CallingBot.Emulator.Softphone;

/// <summary>
/// A participant's voice from a softphone page's microphone: frames the page sent, played in order, one per 20 ms slot
/// of the media stream. At most <see cref="MaxQueuedFrames"/> wait; past that the oldest are dropped (and counted), so
/// a page that sends faster than real time never adds latency beyond the queue. Thread-safe.
/// </summary>
internal sealed class BrowserAudioSource : ParticipantAudioSource
{
    /// <summary>Frames (20 ms each) waiting at most: 200 ms.</summary>
    public const int MaxQueuedFrames = 10;

    private readonly Lock _gate = new();
    private readonly Queue<short[]> _frames = new();
    private long _dropped;
    private long _received;

    public long FramesReceived => Interlocked.Read(ref _received);

    public long FramesDropped => Interlocked.Read(ref _dropped);

    /// <summary>Queues one 640-byte frame (16 kHz mono 16-bit little-endian).</summary>
    public void Push(ReadOnlySpan<byte> frame)
    {
        if (frame.Length != BytesPerFrame)
        {
            throw new ArgumentException($"A frame has {BytesPerFrame} bytes; this one has {frame.Length}.", nameof(frame));
        }

        var samples = new short[SamplesPerFrame];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = (short)(frame[2 * i] | (frame[(2 * i) + 1] << 8));
        }

        Interlocked.Increment(ref _received);
        lock (_gate)
        {
            if (_frames.Count >= MaxQueuedFrames)
            {
                _frames.Dequeue();
                Interlocked.Increment(ref _dropped);
            }

            _frames.Enqueue(samples);
        }
    }

    public override bool Read(Span<short> frame)
    {
        short[]? next;
        lock (_gate)
        {
            _frames.TryDequeue(out next);
        }

        if (next is null)
        {
            frame.Clear();
            return false;
        }

        next.CopyTo(frame);
        return true;
    }
}
