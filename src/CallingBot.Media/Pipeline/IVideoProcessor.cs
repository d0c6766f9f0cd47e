using CallingBot.Media.Video;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// One step of a call's inbound video chain; same rules as <see cref="IAudioProcessor"/>. The frame is
/// borrowed for the duration of the call; copy what must outlive it.
/// </summary>
public interface IVideoProcessor
{
    void Process(VideoFrame frame);
}
