namespace CallingBot.Emulator.Media;

/// <summary>Plays decoded WAV samples, once or looping.</summary>
internal sealed class PcmSource(short[] samples, bool loop) : ParticipantAudioSource
{
    private long _position;

    public override bool Read(Span<short> frame)
    {
        var any = false;
        for (var i = 0; i < frame.Length; i++)
        {
            var position = _position + i;
            if (position >= samples.Length && (!loop || samples.Length == 0))
            {
                frame[i] = 0;
                continue;
            }

            frame[i] = samples[position % samples.Length];
            any = true;
        }

        _position += frame.Length;
        return any;
    }
}
