using System.Runtime.InteropServices;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Processors;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Media.Wav;
using CallingBot.Testing;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Media.Tests.Processors;

public class WavRecorderTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public void Process_GapInTimestamps_FillsItWithSilence()
    {
        using var stream = new MemoryStream();
        using (var recorder = new WavRecorder(new WavWriter(stream, AudioFormat.Default, leaveOpen: true), AudioFormat.Default))
        {
            foreach (var (value, index) in new (short, long)[] { (1, 0), (2, 1), (5, 4) })
            {
                using var frame = Frames.Constant(_pool, value, index);
                recorder.Process(frame.AsView());
            }
        }

        Assert.Equal(new short[] { 1, 2, 0, 0, 5 }, FirstSamples(stream));
    }

    [Fact]
    public void Process_UnmixedParticipantsInSameSlot_AreMixed()
    {
        using var stream = new MemoryStream();
        using (var recorder = new WavRecorder(new WavWriter(stream, AudioFormat.Default, leaveOpen: true), AudioFormat.Default))
        {
            foreach (var (value, index, who) in new (short, long, string)[] { (100, 0, "a"), (50, 0, "b"), (7, 1, "a"), (3, 1, "b"), (9, 0, "late") })
            {
                using var frame = Frames.Constant(_pool, value, index, who);
                recorder.Process(frame.AsView());
            }

            Assert.Equal(1, recorder.LateFrames);
        }

        Assert.Equal(new short[] { 150, 10 }, FirstSamples(stream));
    }

    [Fact]
    public void Process_ParticipantFilter_RecordsOnlyThatParticipant()
    {
        using var stream = new MemoryStream();
        using (var recorder = new WavRecorder(new WavWriter(stream, AudioFormat.Default, leaveOpen: true), AudioFormat.Default, "a"))
        {
            foreach (var (value, who) in new (short, string)[] { (100, "a"), (50, "b") })
            {
                using var frame = Frames.Constant(_pool, value, 0, who);
                recorder.Process(frame.AsView());
            }
        }

        Assert.Equal(new short[] { 100 }, FirstSamples(stream));
    }

    [Fact]
    public void Process_PerParticipant_EachFileAlignedToCallStart()
    {
        var streams = new Dictionary<string, MemoryStream>();
        using (var recorder = new ParticipantWavRecorder(
            id => new WavWriter(streams[id!] = new MemoryStream(), AudioFormat.Default, leaveOpen: true),
            AudioFormat.Default))
        {
            foreach (var (value, index, who) in new (short, long, string)[] { (1, 0, "a"), (2, 1, "a"), (3, 2, "a"), (7, 3, "b"), (8, 4, "b") })
            {
                using var frame = Frames.Constant(_pool, value, index, who);
                recorder.Process(frame.AsView());
            }

            Assert.Equal(2, recorder.ParticipantCount);
        }

        Assert.Equal(new short[] { 1, 2, 3 }, FirstSamples(streams["a"]));
        Assert.Equal(new short[] { 0, 0, 0, 7, 8 }, FirstSamples(streams["b"]));
    }

    [Fact]
    public async Task DisposeAsync_PipelineWithRecorder_ClosesAValidFile()
    {
        var clock = new FakeTimeProvider(TestTime.Start);
        var path = Path.Combine(Path.GetTempPath(), $"callingbot-media-{Guid.NewGuid():N}.wav");
        try
        {
            var pipeline = new MediaPipeline("call-1", new RecordingTransport(clock), new MediaPipelineOptions { FramePool = _pool }, clock);
            pipeline.Use(new WavRecorder(WavWriter.Create(path, pipeline.Format), pipeline.Format)).Start();
            var frames = new Signal().SpeechLike(1000, -20, seed: 2).ToFrames(_pool);
            var expected = frames.SelectMany(f => f.Data.ToArray()).ToArray();
            foreach (var frame in frames)
            {
                pipeline.OnAudioReceived(frame);
            }

            await pipeline.DisposeAsync();

            using var reader = WavReader.Open(path);
            Assert.Equal(TimeSpan.FromSeconds(1), reader.Duration);
            Assert.Equal(expected, reader.ReadToEnd());
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static short[] FirstSamples(MemoryStream stream)
    {
        stream.Position = 0;
        using var reader = new WavReader(stream, leaveOpen: true);
        var samples = MemoryMarshal.Cast<byte, short>(reader.ReadToEnd().AsSpan()).ToArray();
        Assert.Equal(0, samples.Length % 320);
        return samples.Where((_, i) => i % 320 == 0).ToArray();
    }
}
