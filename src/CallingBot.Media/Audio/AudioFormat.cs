namespace CallingBot.Media.Audio;

/// <summary>
/// Signed 16-bit little-endian PCM cut into frames of a fixed duration. Every size is derived from the
/// sample rate, the channel count and the frame duration, so 20 ms at 16 kHz mono gives 320 samples and
/// 640 bytes without either number being written down anywhere else.
/// </summary>
public sealed record AudioFormat
{
    /// <summary>Bits per sample; the pipeline only carries 16-bit PCM.</summary>
    public const int BitsPerSample = 16;

    /// <summary>Bytes per sample of one channel.</summary>
    public const int BytesPerSample = BitsPerSample / 8;

    /// <summary>Teams and ACS media streaming audio: 16 kHz, mono, 20 ms frames.</summary>
    public static AudioFormat Default { get; } = new(16_000, 1, TimeSpan.FromMilliseconds(20));

    public AudioFormat(int sampleRate, int channels, TimeSpan frameDuration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 1000);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sampleRate, 192_000);
        ArgumentOutOfRangeException.ThrowIfLessThan(channels, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, 8);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frameDuration, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frameDuration, TimeSpan.FromSeconds(1));

        var scaled = frameDuration.Ticks * sampleRate;
        if (scaled % TimeSpan.TicksPerSecond != 0)
        {
            throw new ArgumentException(
                $"A {frameDuration.TotalMilliseconds} ms frame at {sampleRate} Hz does not hold a whole number of samples.",
                nameof(frameDuration));
        }

        SampleRate = sampleRate;
        Channels = channels;
        FrameDuration = frameDuration;
        SamplesPerFrame = (int)(scaled / TimeSpan.TicksPerSecond);
    }

    /// <summary>Samples per second of one channel.</summary>
    public int SampleRate { get; }

    public int Channels { get; }

    public TimeSpan FrameDuration { get; }

    /// <summary>Samples of one channel in one frame (320 for the default format).</summary>
    public int SamplesPerFrame { get; }

    /// <summary>Interleaved samples of all channels in one frame.</summary>
    public int SampleCountPerFrame => SamplesPerFrame * Channels;

    /// <summary>Bytes in one frame (640 for the default format).</summary>
    public int BytesPerFrame => SampleCountPerFrame * BytesPerSample;

    /// <summary>Bytes of one sample of every channel (the WAV block alignment).</summary>
    public int BlockAlign => Channels * BytesPerSample;

    public int BytesPerSecond => SampleRate * BlockAlign;

    /// <summary>Frames per second (50 for 20 ms frames).</summary>
    public double FramesPerSecond => (double)TimeSpan.TicksPerSecond / FrameDuration.Ticks;

    /// <summary>Duration of <paramref name="byteCount"/> bytes of audio in this format.</summary>
    public TimeSpan DurationOf(long byteCount) =>
        TimeSpan.FromTicks(byteCount / BlockAlign * TimeSpan.TicksPerSecond / SampleRate);

    public override string ToString() =>
        $"PCM {SampleRate} Hz, {Channels} ch, {BitsPerSample}-bit, {FrameDuration.TotalMilliseconds} ms frames";
}
