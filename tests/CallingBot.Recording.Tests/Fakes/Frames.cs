using CallingBot.Media.Audio;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>20 ms frames of 16 kHz mono 16-bit audio (320 samples, 640 bytes) with a recognisable constant sample value.</summary>
public static class Frames
{
    public static readonly AudioFramePool Pool = new(AudioFormat.Default);

    public static AudioFrame Make(int index, string? participantId, short value)
    {
        var frame = Pool.Rent();
        frame.Samples.Fill(value);
        frame.Timestamp = TimeSpan.FromMilliseconds(20 * index);
        frame.ParticipantId = participantId;
        return frame;
    }
}
