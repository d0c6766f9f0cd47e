using CallingBot.Core.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>A call's media as the handler sees it: a real <see cref="MediaPipeline"/> over a transport that sends nowhere.</summary>
public sealed class PipelineCallMedia(string callId, TimeProvider time) : ICallMedia
{
    public string CallId { get; } = callId;

    public MediaPipeline Pipeline { get; } = new(callId, new NowhereTransport(), new MediaPipelineOptions { FramePool = Frames.Pool, InboundQueueCapacity = 500 }, time);

    public AudioSender Sender => Pipeline.Sender;

    public AudioFormat Format => Pipeline.Format;

    public MediaStatistics Statistics => Pipeline.Statistics;

    public CancellationToken Disconnected => CancellationToken.None;

    private sealed class NowhereTransport : IMediaTransport
    {
        public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default) => default;

        public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default) => default;
    }
}
