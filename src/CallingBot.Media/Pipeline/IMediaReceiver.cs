using CallingBot.Media.Audio;
using CallingBot.Media.Video;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// Accepts inbound media from a transport. Both methods take ownership of the frame, never block and
/// never throw for back-pressure: when the consumer falls behind, the oldest queued frame is dropped.
/// </summary>
public interface IMediaReceiver
{
    void OnAudioReceived(AudioFrame frame);

    void OnVideoReceived(VideoFrame frame);
}
