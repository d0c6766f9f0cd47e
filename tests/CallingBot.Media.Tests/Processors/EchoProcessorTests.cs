using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Media.Tests.Processors;

public class EchoProcessorTests
{
    private readonly FakeTimeProvider _clock = new(TestTime.Start);
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public async Task Process_InboundFrames_AreSentBackPacedWithIdenticalSamples()
    {
        var transport = new RecordingTransport(_clock) { KeepPayloads = true };
        var pipeline = new MediaPipeline("call-1", transport, new MediaPipelineOptions { FramePool = _pool }, _clock);
        var echo = new EchoProcessor(pipeline.Sender);
        pipeline.Use(echo).Start();
        var inbound = new Signal().SpeechLike(100, -20, seed: 1).ToFrames(_pool);
        var expected = inbound.Select(f => f.Data.ToArray()).ToList();

        foreach (var frame in inbound)
        {
            pipeline.OnAudioReceived(frame);
        }

        await Eventually.UntilAsync(() => pipeline.Statistics.FramesProcessed == 5, "inbound frames processed");
        // The sender's first slot fell due (empty) when the pipeline started; the five frames leave in slots 1 to 5.
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(1));

        Assert.Equal(5, echo.FramesEchoed);
        Assert.Equal(expected, transport.Payloads);
        Assert.Equal(5, pipeline.Statistics.FramesSent);
        await pipeline.DisposeAsync();
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task Process_ParticipantFilter_EchoesOnlyThatParticipant()
    {
        var transport = new RecordingTransport(_clock);
        var sender = new AudioSender("call-1", transport, new(AudioFormat.Default, _clock), new MediaPipelineOptions { FramePool = _pool }, _clock);
        var echo = new EchoProcessor(sender, "8:acs:a");

        using (var a = Frames.Constant(_pool, 1, participant: "8:acs:a"))
        using (var b = Frames.Constant(_pool, 2, participant: "8:acs:b"))
        {
            echo.Process(a.AsView());
            echo.Process(b.AsView());
        }

        Assert.Equal(1, sender.QueuedFrames);
        await sender.DisposeAsync();
    }
}
