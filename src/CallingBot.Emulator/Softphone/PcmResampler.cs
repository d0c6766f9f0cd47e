namespace CallingBot.Emulator.Softphone;

/// <summary>
/// Converts 16-bit PCM of 8 – 96 kHz, mono or stereo, to what the softphone plays and the media stream carries: 16 kHz
/// mono. Channels are averaged; downsampling averages the input samples each output sample covers (a box filter against
/// aliasing), upsampling interpolates linearly. Bounded: at most <see cref="MaxSeconds"/> of audio.
/// </summary>
internal static class PcmResampler
{
    public const int MinRate = 8_000;
    public const int MaxRate = 96_000;
    public const int MaxChannels = 2;
    public const int MaxSeconds = 600;
    public const int TargetRate = PageFrames.SampleRate;

    /// <summary>The 16 kHz mono samples of <paramref name="interleaved"/>; <see cref="ArgumentException"/> past the bounds.</summary>
    public static short[] ToTarget(ReadOnlySpan<short> interleaved, int sampleRate, int channels)
    {
        if (sampleRate is < MinRate or > MaxRate)
        {
            throw new ArgumentException($"The sample rate is {sampleRate} Hz; the softphone plays {MinRate} – {MaxRate} Hz.", nameof(sampleRate));
        }

        if (channels is < 1 or > MaxChannels)
        {
            throw new ArgumentException($"The audio has {channels} channels; the softphone plays mono or stereo.", nameof(channels));
        }

        var frames = interleaved.Length / channels;
        if (frames > (long)sampleRate * MaxSeconds)
        {
            throw new ArgumentException($"The audio lasts {frames / sampleRate} s; the softphone plays at most {MaxSeconds} s.", nameof(interleaved));
        }

        var mono = new double[frames];
        for (var i = 0; i < frames; i++)
        {
            var sum = 0.0;
            for (var c = 0; c < channels; c++)
            {
                sum += interleaved[(i * channels) + c];
            }

            mono[i] = sum / channels;
        }

        if (sampleRate == TargetRate)
        {
            return [.. mono.Select(s => (short)s)];
        }

        var ratio = (double)sampleRate / TargetRate;
        var length = (int)(frames / ratio);
        var output = new short[length];
        for (var i = 0; i < length; i++)
        {
            var position = i * ratio;
            double value;
            if (ratio > 1)
            {
                var start = (int)position;
                var end = Math.Min(frames, (int)Math.Ceiling(position + ratio));
                var sum = 0.0;
                for (var j = start; j < end; j++)
                {
                    sum += mono[j];
                }

                value = sum / Math.Max(1, end - start);
            }
            else
            {
                var index = (int)position;
                var fraction = position - index;
                var next = index + 1 < frames ? mono[index + 1] : mono[index];
                value = mono[index] + ((next - mono[index]) * fraction);
            }

            output[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
        }

        return output;
    }
}
