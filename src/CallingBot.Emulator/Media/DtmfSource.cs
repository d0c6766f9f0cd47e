namespace CallingBot.Emulator.Media;

/// <summary>In-band DTMF: each key's two tones for a while, then a gap; silence (or a repeat) after the last key.</summary>
internal sealed class DtmfSource : ParticipantAudioSource
{
    private readonly string _keys;
    private readonly int _toneSamples;
    private readonly int _gapSamples;
    private readonly double _amplitude;
    private readonly bool _loop;
    private long _position;

    public DtmfSource(string keys, int toneMilliseconds, int gapMilliseconds, double levelDbfs, bool loop)
    {
        if (keys.Length == 0 || keys.Any(k => !TryGetFrequencies(k, out _, out _)))
        {
            throw new ArgumentException($"DTMF keys '{keys}' are invalid; use 0-9, *, # and A-D.");
        }

        if (toneMilliseconds is < 20 or > 10_000 || gapMilliseconds is < 0 or > 10_000)
        {
            throw new ArgumentException("DTMF tone length must be 20 to 10000 ms and the gap 0 to 10000 ms.");
        }

        _keys = keys.ToUpperInvariant();
        _toneSamples = toneMilliseconds * SampleRate / 1000;
        _gapSamples = gapMilliseconds * SampleRate / 1000;
        _amplitude = Amplitude(levelDbfs);
        _loop = loop;
    }

    public override bool Read(Span<short> frame)
    {
        var period = _toneSamples + _gapSamples;
        var total = (long)period * _keys.Length;
        var any = false;
        for (var i = 0; i < frame.Length; i++)
        {
            var position = _position + i;
            if (position >= total)
            {
                if (!_loop)
                {
                    frame[i] = 0;
                    continue;
                }

                position %= total;
            }

            var offset = (int)(position % period);
            if (offset >= _toneSamples)
            {
                frame[i] = 0;
                continue;
            }

            TryGetFrequencies(_keys[(int)(position / period)], out var low, out var high);
            var t = (double)offset / SampleRate;
            var value = _amplitude * (Math.Sin(2 * Math.PI * low * t) + Math.Sin(2 * Math.PI * high * t));
            frame[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
            any = true;
        }

        _position += frame.Length;
        return any;
    }

    public static bool TryGetFrequencies(char key, out double low, out double high)
    {
        const string Layout = "123A456B789C*0#D";
        var index = Layout.IndexOf(char.ToUpperInvariant(key), StringComparison.Ordinal);
        double[] rows = [697, 770, 852, 941];
        double[] columns = [1209, 1336, 1477, 1633];
        low = index < 0 ? 0 : rows[index / 4];
        high = index < 0 ? 0 : columns[index % 4];
        return index >= 0;
    }
}
