using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Media.Video;
using CallingBot.Testing;

namespace CallingBot.Media.Tests.Pipeline;

public class MediaPipelineTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public async Task OnAudioReceived_ProcessorBlocked_DropsOldestCountsAndNeverBlocksTheCaller()
    {
        var processor = new RecordingProcessor(blockFirst: true);
        var pipeline = Create(new MediaPipelineOptions { InboundQueueCapacity = 4 });
        pipeline.Use(processor).Start();

        pipeline.OnAudioReceived(Frames.Constant(_pool, 0, 0));
        await Eventually.UntilAsync(() => processor.Entered, "first frame reaches the blocked processor");
        for (short i = 1; i <= 10; i++)
        {
            pipeline.OnAudioReceived(Frames.Constant(_pool, i, i));
        }

        Assert.Equal(11, pipeline.Statistics.FramesReceived);
        Assert.Equal(6, pipeline.Statistics.FramesDropped);

        processor.Release();
        await Eventually.UntilAsync(() => pipeline.Statistics.FramesProcessed == 5, "queued frames are processed");

        Assert.Equal(new short[] { 0, 7, 8, 9, 10 }, processor.Seen);
        await pipeline.DisposeAsync();
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task Process_SeveralProcessors_RunInOrderOnEveryFrame()
    {
        var order = new List<string>();
        var pipeline = Create();
        pipeline.Use(new NamedProcessor("a", order)).Use(new NamedProcessor("b", order)).Start();

        pipeline.OnAudioReceived(Frames.Constant(_pool, 1, 0));
        pipeline.OnAudioReceived(Frames.Constant(_pool, 2, 1));
        await Eventually.UntilAsync(() => pipeline.Statistics.FramesProcessed == 2, "two frames processed");

        Assert.Equal(["a1", "b1", "a2", "b2"], order);
        await pipeline.DisposeAsync();
    }

    [Fact]
    public async Task Process_ProcessorThrows_LaterProcessorsStillRunAndErrorIsCounted()
    {
        var after = new RecordingProcessor();
        var pipeline = Create();
        pipeline.Use(new ThrowingProcessor()).Use(after).Start();

        for (short i = 0; i < 3; i++)
        {
            pipeline.OnAudioReceived(Frames.Constant(_pool, i, i));
        }

        await Eventually.UntilAsync(() => pipeline.Statistics.FramesProcessed == 3, "frames processed despite the failing processor");

        Assert.Equal(new short[] { 0, 1, 2 }, after.Seen);
        Assert.Equal(3, pipeline.Statistics.ProcessorErrors);
        await pipeline.DisposeAsync();
    }

    [Fact]
    public async Task DisposeAsync_QueuedFrames_AreProcessedThenProcessorsDisposed()
    {
        var processor = new RecordingProcessor();
        var pipeline = Create();
        pipeline.Use(processor);
        for (short i = 0; i < 5; i++)
        {
            pipeline.OnAudioReceived(Frames.Constant(_pool, i, i));
        }

        pipeline.Start();
        await pipeline.DisposeAsync();

        Assert.Equal(new short[] { 0, 1, 2, 3, 4 }, processor.Seen);
        Assert.True(processor.Disposed);
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task OnAudioReceived_AfterDispose_ReleasesTheFrame()
    {
        var pipeline = Create();
        pipeline.Start();
        await pipeline.DisposeAsync();

        pipeline.OnAudioReceived(Frames.Constant(_pool, 1));

        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task Use_AfterStart_Throws()
    {
        var pipeline = Create();
        pipeline.Start();

        Assert.Throws<InvalidOperationException>(() => pipeline.Use(new RecordingProcessor()));
        await pipeline.DisposeAsync();
    }

    [Fact]
    public async Task OnVideoReceived_Frame_ReachesVideoProcessor()
    {
        var seen = new List<uint>();
        var pipeline = Create();
        pipeline.Use(new VideoProcessor(seen)).Start();
        var frame = VideoFrame.Rent(new VideoFrameHeader(42, VideoFormat.H264, 640, 360, TimeSpan.Zero, 10));

        pipeline.OnVideoReceived(frame);
        await Eventually.UntilAsync(() => seen.Count == 1, "video frame processed");

        Assert.Equal([42u], seen);
        Assert.Equal(1, pipeline.Statistics.VideoFramesReceived);
        await pipeline.DisposeAsync();
    }

    [Fact]
    public void Constructor_InvalidOptions_ReportsEverySetting()
    {
        var options = new MediaPipelineOptions
        {
            InboundQueueCapacity = 0,
            OutboundQueueCapacity = -1,
            MaxCatchUp = TimeSpan.FromMilliseconds(5),
            FramePool = new AudioFramePool(new AudioFormat(24_000, 1, TimeSpan.FromMilliseconds(20))),
        };

        var ex = Assert.Throws<ArgumentException>(() => new MediaPipeline("call-1", new RecordingTransport(_clock), options, _clock));

        Assert.Contains("InboundQueueCapacity must be at least 1; it is 0.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("OutboundQueueCapacity must be at least 1; it is -1.", ex.Message, StringComparison.Ordinal);
        Assert.Contains("MaxCatchUp must be at least one frame", ex.Message, StringComparison.Ordinal);
        Assert.Contains("FramePool holds frames of PCM 24000 Hz", ex.Message, StringComparison.Ordinal);
    }

    private MediaPipeline Create(MediaPipelineOptions? options = null)
    {
        options ??= new MediaPipelineOptions();
        options.FramePool = _pool;
        return new MediaPipeline("call-1", new RecordingTransport(_clock), options, _clock);
    }

    private sealed class NamedProcessor(string name, List<string> order) : IAudioProcessor
    {
        public void Process(AudioFrame frame) => order.Add(name + frame.Samples[0]);
    }

    private sealed class ThrowingProcessor : IAudioProcessor
    {
        public void Process(AudioFrame frame) => throw new InvalidOperationException("boom");
    }

    private sealed class VideoProcessor(List<uint> seen) : IVideoProcessor
    {
        public void Process(VideoFrame frame) => seen.Add(frame.Header.SourceId);
    }
}
