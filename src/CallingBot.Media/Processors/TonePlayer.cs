using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;

namespace CallingBot.Media.Processors;

/// <summary>
/// Generates tones as outbound audio: a sine, a DTMF key sequence, or silence, phase-continuous across
/// frames. Levels are the RMS level of each sine in dBFS (a full-scale sine is −3 dBFS); two tones of a
/// DTMF key each get the level, so keep it at −9 dBFS or below to avoid clipping.
/// </summary>
public sealed class TonePlayer : IAudioSource
{
    private readonly Segment[] _segments;
    private int _segment;
    private long _sampleInSegment;

    private TonePlayer(Segment[] segments)
    {
        _segments = segments;
    }

    /// <summary>A sine of <paramref name="frequency"/> Hz.</summary>
    public static TonePlayer Sine(double frequency, TimeSpan duration, double levelDbfs = -12) =>
        new([new Segment(frequency, 0, duration, levelDbfs)]);

    /// <summary>Silence for <paramref name="duration"/>.</summary>
    public static TonePlayer Silence(TimeSpan duration) => new([new Segment(0, 0, duration, AudioLevel.SilenceDbfs)]);

    /// <summary>
    /// In-band DTMF for <paramref name="keys"/>: each key sounds for <paramref name="toneDuration"/> followed
    /// by <paramref name="gap"/> of silence.
    /// </summary>
    public static TonePlayer Dtmf(string keys, TimeSpan toneDuration, TimeSpan gap, double levelDbfs = -12)
    {
        ArgumentException.ThrowIfNullOrEmpty(keys);
        var segments = new List<Segment>(keys.Length * 2);
        foreach (var key in keys)
        {
            var (low, high) = DtmfTones.GetFrequencies(key);
            segments.Add(new Segment(low, high, toneDuration, levelDbfs));
            if (gap > TimeSpan.Zero)
            {
                segments.Add(new Segment(0, 0, gap, AudioLevel.SilenceDbfs));
            }
        }

        return new TonePlayer([.. segments]);
    }

    public bool TryRead(AudioFrame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (_segment >= _segments.Length)
        {
            return false;
        }

        var format = frame.Format;
        var samples = frame.Samples;
        var channels = format.Channels;
        var index = 0;
        while (index < samples.Length && _segment < _segments.Length)
        {
            var segment = _segments[_segment];
            var length = (long)Math.Round(segment.Duration.TotalSeconds * format.SampleRate);
            var amplitude = segment.Level <= AudioLevel.SilenceDbfs ? 0 : AudioLevel.FromDbfs(segment.Level) * Math.Sqrt(2) * 32767;
            while (index < samples.Length && _sampleInSegment < length)
            {
                var t = (double)_sampleInSegment / format.SampleRate;
                var value = 0.0;
                if (amplitude > 0)
                {
                    value = amplitude * Math.Sin(2 * Math.PI * segment.Frequency1 * t);
                    if (segment.Frequency2 > 0)
                    {
                        value += amplitude * Math.Sin(2 * Math.PI * segment.Frequency2 * t);
                    }
                }

                var sample = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
                for (var c = 0; c < channels; c++)
                {
                    samples[index++] = sample;
                }

                _sampleInSegment++;
            }

            if (_sampleInSegment >= length)
            {
                _segment++;
                _sampleInSegment = 0;
            }
        }

        samples[index..].Clear();
        return true;
    }

    private readonly record struct Segment(double Frequency1, double Frequency2, TimeSpan Duration, double Level);
}
