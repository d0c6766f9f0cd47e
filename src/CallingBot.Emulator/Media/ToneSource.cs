namespace CallingBot.Emulator.Media;

/// <summary>Phase-continuous sum of sines.</summary>
internal sealed class ToneSource(double[] frequencies, double levelDbfs) : ParticipantAudioSource
{
    private readonly double _amplitude = Amplitude(levelDbfs);
    private long _position;

    public override bool Read(Span<short> frame)
    {
        for (var i = 0; i < frame.Length; i++)
        {
            var t = (double)(_position + i) / SampleRate;
            double value = 0;
            foreach (var frequency in frequencies)
            {
                value += _amplitude * Math.Sin(2 * Math.PI * frequency * t);
            }

            frame[i] = (short)Math.Clamp(Math.Round(value), short.MinValue, short.MaxValue);
        }

        _position += frame.Length;
        return true;
    }
}
