using CallingBot.Media.Audio;

namespace CallingBot.Media.Pipeline;

/// <summary>Produces outbound audio one frame at a time, pulled by the <see cref="AudioSender"/> on its 20 ms clock.</summary>
public interface IAudioSource
{
    /// <summary>
    /// Fills all of <paramref name="frame"/>'s samples (pad the last frame with silence) and returns true,
    /// or returns false when the source has ended. Called on the sender's timer: keep it short.
    /// </summary>
    bool TryRead(AudioFrame frame);
}
