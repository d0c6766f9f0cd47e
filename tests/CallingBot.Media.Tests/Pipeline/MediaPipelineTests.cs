using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Media.Video;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Media.Tests.Pipeline;

public class MediaPipelineTests
{
    private readonly FakeTimeProvider _clock = new(TestTime.Start);
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
    public async Task Process_AProcessorRetainsCopiesAndEditsItsCopy_TheNextProcessorSeesWhatTheTransportDelivered()
    {
        var first = new SnapshotProcessor();
        var meddler = new CopyAndEditProcessor(_pool);
        var last = new SnapshotProcessor();
        var pipeline = Create();
        pipeline.Use(first).Use(meddler).Use(last).Start();
        var inbound = new Signal().SpeechLike(100, -20, seed: 4).ToFrames(_pool, participant: "8:acs:a");
        var expected = inbound.Select(f => new Snapshot(f.Data.ToArray(), f.Timestamp, f.ParticipantId, f.IsSilent)).ToList();

        foreach (var frame in inbound)
        {
            pipeline.OnAudioReceived(frame);
        }

        await Eventually.UntilAsync(() => pipeline.Statistics.FramesProcessed == 5, "five frames through the three processors");

        Assert.Equal(5, meddler.Edited);
        Assert.Equal(expected, first.Seen);
        Assert.Equal(expected, last.Seen);
        await pipeline.DisposeAsync();
        Assert.Equal(_pool.Created, _pool.Available);
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
    public async Task DisposeAsync_ProcessorAddedForAudioAndVideoAndTwice_IsDisposedOnceAfterTheQueuesDrain()
    {
        var processor = new AudioAndVideoProcessor();
        var pipeline = Create();
        pipeline.Use((IAudioProcessor)processor).Use((IAudioProcessor)processor).Use((IVideoProcessor)processor);
        for (short i = 0; i < 3; i++)
        {
            pipeline.OnAudioReceived(Frames.Constant(_pool, i, i));
        }

        pipeline.Start();
        await pipeline.DisposeAsync();

        Assert.Equal(1, processor.Disposals);
        Assert.Equal(6, processor.FramesBeforeDispose);
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task DisposeAsync_NeverStarted_ReleasesQueuedFramesUnprocessedAndDisposesProcessors()
    {
        var processor = new RecordingProcessor();
        var pipeline = Create();
        pipeline.Use(processor);
        pipeline.OnAudioReceived(Frames.Constant(_pool, 1));
        pipeline.OnVideoReceived(VideoFrame.Rent(new VideoFrameHeader(1, VideoFormat.H264, 16, 16, TimeSpan.Zero, 4)));

        await pipeline.DisposeAsync();

        Assert.Empty(processor.Seen);
        Assert.True(processor.Disposed);
        Assert.Equal(_pool.Created, _pool.Available);
        Assert.True(pipeline.Completion.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task OnAudioReceived_SteadyState_AllocatesNothingOnTheTransportThread()
    {
        var pipeline = Create(new MediaPipelineOptions { InboundQueueCapacity = 8 });
        pipeline.Use(new CountingProcessor()).Start();

        var allocated = Allocations.QuietestRound(() => pipeline.OnAudioReceived(_pool.Rent()));

        Assert.Equal(0, allocated);
        await pipeline.DisposeAsync();
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task ConsumerLoop_SteadyState_AllocatesNothingPerFrame()
    {
        // Frames queued before Start are consumed in one run on one thread; the processor reads that thread's
        // allocation counter at every frame, so the difference between two frames is what the loop allocated.
        const int Count = 6_000;
        var probe = new AllocationProbe(Count);
        var pipeline = Create(new MediaPipelineOptions { InboundQueueCapacity = Count });
        pipeline.Use(probe);
        for (var i = 0; i < Count; i++)
        {
            pipeline.OnAudioReceived(Frames.Constant(_pool, 1, i));
        }

        pipeline.Start();
        await Eventually.UntilAsync(() => pipeline.Statistics.FramesProcessed == Count, "all queued frames processed");

        Assert.Equal(0, probe.QuietestWindow(window: 1_000));
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

    private sealed record Snapshot(byte[] Data, TimeSpan Timestamp, string? ParticipantId, bool IsSilent)
    {
        public bool Equals(Snapshot? other) =>
            other is not null && Data.AsSpan().SequenceEqual(other.Data) && Timestamp == other.Timestamp &&
            ParticipantId == other.ParticipantId && IsSilent == other.IsSilent;

        public override int GetHashCode() => HashCode.Combine(Data.Length, Timestamp, ParticipantId, IsSilent);
    }

    private sealed class SnapshotProcessor : IAudioProcessor
    {
        public List<Snapshot> Seen { get; } = [];

        public void Process(AudioFrameView frame) => Seen.Add(new Snapshot(frame.Data.ToArray(), frame.Timestamp, frame.ParticipantId, frame.IsSilent));
    }

    /// <summary>Does everything a processor can with the frame: keeps it past the call, copies it and rewrites its own copy.</summary>
    private sealed class CopyAndEditProcessor(AudioFramePool pool) : IAudioProcessor, IDisposable
    {
        private RetainedAudioFrame _kept;

        public int Edited { get; private set; }

        public void Process(AudioFrameView frame)
        {
            _kept.Dispose();
            _kept = frame.Retain();
            using var copy = pool.Rent();
            frame.CopyTo(copy);
            copy.Samples.Fill(short.MaxValue);
            copy.Timestamp = TimeSpan.FromHours(1);
            copy.ParticipantId = "8:acs:someone-else";
            copy.IsSilent = true;
            Edited++;
        }

        public void Dispose() => _kept.Dispose();
    }

    private sealed class NamedProcessor(string name, List<string> order) : IAudioProcessor
    {
        public void Process(AudioFrameView frame) => order.Add(name + frame.Samples[0]);
    }

    private sealed class ThrowingProcessor : IAudioProcessor
    {
        public void Process(AudioFrameView frame) => throw new InvalidOperationException("boom");
    }

    private sealed class CountingProcessor : IAudioProcessor
    {
        public long Count { get; private set; }

        public void Process(AudioFrameView frame) => Count++;
    }

    private sealed class AudioAndVideoProcessor : IAudioProcessor, IVideoProcessor, IDisposable
    {
        private int _frames;

        public int Disposals { get; private set; }

        public int FramesBeforeDispose { get; private set; } = -1;

        public void Process(AudioFrameView frame) => _frames++;

        public void Process(VideoFrameView frame) => _frames++;

        public void Dispose()
        {
            Disposals++;
            FramesBeforeDispose = _frames;
        }
    }

    /// <summary>Reads the consumer thread's allocation counter at every frame.</summary>
    private sealed class AllocationProbe(int count) : IAudioProcessor
    {
        private readonly long[] _allocated = new long[count];
        private readonly int[] _thread = new int[count];
        private int _next;
        private long _sum;

        public long Sum => _sum;

        public void Process(AudioFrameView frame)
        {
            // Uses the view the way processors do (read, retain, release) so the measurement covers it too.
            using (var kept = frame.Retain())
            {
                _sum += kept.View.Samples[0] + frame.Data.Length + frame.Timestamp.Ticks + (frame.ParticipantId?.Length ?? 0);
            }

            _allocated[_next] = GC.GetAllocatedBytesForCurrentThread();
            _thread[_next] = Environment.CurrentManagedThreadId;
            _next++;
        }

        /// <summary>The fewest bytes allocated between consecutive frames over any run of <paramref name="window"/> frames on one thread.</summary>
        public long QuietestWindow(int window)
        {
            var quietest = long.MaxValue;
            for (var start = 0; start + window < _next; start += window)
            {
                var sameThread = true;
                for (var i = start; i <= start + window; i++)
                {
                    sameThread &= _thread[i] == _thread[start];
                }

                if (sameThread)
                {
                    quietest = Math.Min(quietest, _allocated[start + window] - _allocated[start]);
                }
            }

            return quietest;
        }
    }

    private sealed class VideoProcessor(List<uint> seen) : IVideoProcessor
    {
        public void Process(VideoFrameView frame) => seen.Add(frame.Header.SourceId);
    }
}
