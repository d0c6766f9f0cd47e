using CallingBot.Media.Video;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// One step of a call's inbound video chain; same rules as <see cref="IAudioProcessor"/>. The processor gets a
/// read-only <see cref="VideoFrameView"/> borrowed for the duration of the call; to keep the data, copy it into a
/// frame of your own with <see cref="VideoFrameView.CopyTo"/>.
/// </summary>
public interface IVideoProcessor
{
    void Process(VideoFrameView frame);
}
