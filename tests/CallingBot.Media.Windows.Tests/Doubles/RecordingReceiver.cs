using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;

namespace CallingBot.Media.Windows.Tests.Doubles;

/// <summary>Keeps what a transport hands to the pipeline; disposing gives the frames back to their pools.</summary>
internal sealed class RecordingReceiver : IMediaReceiver, IDisposable
{
    public List<AudioFrame> Audio { get; } = [];

    public List<VideoFrame> Video { get; } = [];

    public void OnAudioReceived(AudioFrame frame) => Audio.Add(frame);

    public void OnVideoReceived(VideoFrame frame) => Video.Add(frame);

    public void Dispose()
    {
        Audio.ForEach(f => f.Dispose());
        Video.ForEach(f => f.Dispose());
    }
}
