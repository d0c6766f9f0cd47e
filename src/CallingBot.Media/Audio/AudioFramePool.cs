namespace CallingBot.Media.Audio;

/// <summary>
/// A pool of <see cref="AudioFrame"/> objects of one format. Frames and their buffers are allocated only
/// while the pool grows; in steady state renting and releasing a frame allocates nothing.
/// Safe to share between calls and threads.
/// </summary>
public sealed class AudioFramePool
{
    /// <summary>Frames kept for reuse by default: enough for a few hundred calls' queues in flight.</summary>
    public const int DefaultMaxRetained = 4096;

    private readonly Lock _gate = new();
    private readonly AudioFrame[] _items;
    private int _count;
    private long _created;

    public AudioFramePool(AudioFormat format, int maxRetained = DefaultMaxRetained)
    {
        ArgumentNullException.ThrowIfNull(format);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRetained, 1);
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("The media pipeline reads PCM samples in place and needs a little-endian CPU.");
        }

        Format = format;
        _items = new AudioFrame[maxRetained];
    }

    /// <summary>A process-wide pool of frames in <see cref="AudioFormat.Default"/>.</summary>
    public static AudioFramePool Shared { get; } = new(AudioFormat.Default);

    public AudioFormat Format { get; }

    /// <summary>Frames ever allocated by this pool.</summary>
    public long Created => Interlocked.Read(ref _created);

    /// <summary>Frames waiting in the pool for reuse.</summary>
    public int Available
    {
        get
        {
            lock (_gate)
            {
                return _count;
            }
        }
    }

    /// <summary>Rents a frame holding one reference. Its data is whatever the previous user left: overwrite it all.</summary>
    public AudioFrame Rent()
    {
        AudioFrame? frame = null;
        lock (_gate)
        {
            if (_count > 0)
            {
                frame = _items[--_count];
                _items[_count] = null!;
            }
        }

        if (frame is null)
        {
            frame = new AudioFrame(this);
            Interlocked.Increment(ref _created);
        }

        frame.Reset();
        return frame;
    }

    /// <summary>Rents a frame whose samples are all zero.</summary>
    public AudioFrame RentSilent()
    {
        var frame = Rent();
        frame.Data.Clear();
        frame.IsSilent = true;
        return frame;
    }

    internal void Return(AudioFrame frame)
    {
        lock (_gate)
        {
            if (_count < _items.Length)
            {
                _items[_count++] = frame;
            }
        }
    }
}
