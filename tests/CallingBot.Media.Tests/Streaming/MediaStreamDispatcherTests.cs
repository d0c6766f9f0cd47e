using System.Text;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Streaming;
using CallingBot.Media.Tests.Wav;
using CallingBot.Media.Video;

namespace CallingBot.Media.Tests.Streaming;

public class MediaStreamDispatcherTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);
    private readonly CollectingReceiver _receiver = new();

    [Fact]
    public void Dispatch_MetadataAudioStopAndVideo_RoutesEachKind()
    {
        var dispatcher = new MediaStreamDispatcher(_receiver, _pool);
        using var encoder = new AudioStreamingEncoder();
        var pcm = WavTests.Ramp(320);

        Assert.Equal(StreamingMessageKind.AudioMetadata, dispatcher.Dispatch(encoder.EncodeAudioMetadata(new AudioMetadata("s", "PCM", 16_000, 1, 640)).Span, isText: true));
        Assert.Equal(StreamingMessageKind.AudioData, dispatcher.Dispatch(encoder.EncodeInboundAudio(pcm, DateTimeOffset.UnixEpoch, "8:acs:a", false).Span, isText: true));
        Assert.Equal(StreamingMessageKind.StopAudio, dispatcher.Dispatch(encoder.EncodeStopAudio().Span, isText: true));
        var video = new byte[VideoFrameCodec.HeaderSize + 4];
        VideoFrameCodec.Write(video, new VideoFrameHeader(3, VideoFormat.H264, 16, 16, TimeSpan.Zero, 4, IsKeyFrame: true), [0, 0, 0, 1]);
        dispatcher.Dispatch(video, isText: false);

        Assert.Equal(16_000, dispatcher.Metadata!.SampleRate);
        Assert.Equal(1, dispatcher.IgnoredMessages);
        var frame = Assert.Single(_receiver.Audio);
        Assert.Equal(pcm, frame.Data.ToArray());
        Assert.Equal("8:acs:a", frame.ParticipantId);
        Assert.Equal(3u, Assert.Single(_receiver.Video).Header.SourceId);
    }

    [Fact]
    public void Dispatch_MalformedText_ThrowsAndDeliversNothing()
    {
        var dispatcher = new MediaStreamDispatcher(_receiver, _pool);

        Assert.Throws<MediaProtocolException>(() => dispatcher.Dispatch(Encoding.UTF8.GetBytes("{\"kind\":\"AudioData\"}"), isText: true));
        Assert.Throws<MediaProtocolException>(() => dispatcher.Dispatch(new byte[8], isText: false));
        Assert.Empty(_receiver.Audio);
        Assert.Empty(_receiver.Video);
    }

    [Fact]
    public void Dispatch_BinaryOnAnAudioOnlyConnection_IsIgnoredNotDecoded()
    {
        var dispatcher = new MediaStreamDispatcher(_receiver, _pool, acceptVideo: false);

        var kind = dispatcher.Dispatch(new byte[1000], isText: false);

        Assert.Equal(StreamingMessageKind.Unknown, kind);
        Assert.Equal(1, dispatcher.IgnoredMessages);
        Assert.Empty(_receiver.Video);
    }

    private sealed class CollectingReceiver : IMediaReceiver
    {
        public List<AudioFrame> Audio { get; } = [];

        public List<VideoFrame> Video { get; } = [];

        public void OnAudioReceived(AudioFrame frame) => Audio.Add(frame);

        public void OnVideoReceived(VideoFrame frame) => Video.Add(frame);
    }
}
