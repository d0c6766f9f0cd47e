using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Tests.Fakes;

/// <summary>Produces <c>count</c> frames (or endlessly) whose samples all hold <c>value</c>.</summary>
internal sealed class ConstantSource(short value, long count = long.MaxValue) : IAudioSource
{
    public long Produced { get; private set; }

    public bool TryRead(AudioFrame frame)
    {
        if (Produced == count)
        {
            return false;
        }

        Produced++;
        frame.Samples.Fill(value);
        return true;
    }
}

/// <summary>Records the first sample of each frame it sees and can block on the first one.</summary>
internal sealed class RecordingProcessor(bool blockFirst = false) : IAudioProcessor, IDisposable
{
    private readonly ManualResetEventSlim _release = new(!blockFirst);
    private volatile bool _entered;

    public List<short> Seen { get; } = [];

    public bool Entered => _entered;

    public bool Disposed { get; private set; }

    public void Process(AudioFrameView frame)
    {
        lock (Seen)
        {
            Seen.Add(frame.Samples[0]);
        }

        _entered = true;
        _release.Wait();
    }

    public void Release() => _release.Set();

    public void Dispose()
    {
        Disposed = true;
        _release.Dispose();
    }
}

internal static class Frames
{
    /// <summary>Rents a frame whose samples all hold <paramref name="value"/>, at media time <paramref name="index"/> × 20 ms.</summary>
    public static AudioFrame Constant(AudioFramePool pool, short value, long index = 0, string? participant = null)
    {
        var frame = pool.Rent();
        frame.Samples.Fill(value);
        frame.Timestamp = pool.Format.FrameDuration * index;
        frame.ParticipantId = participant;
        return frame;
    }
}
