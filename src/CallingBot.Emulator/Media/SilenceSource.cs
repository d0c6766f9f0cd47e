namespace CallingBot.Emulator.Media;

internal sealed class SilenceSource : ParticipantAudioSource
{
    public override bool Read(Span<short> frame)
    {
        frame.Clear();
        return false;
    }
}
