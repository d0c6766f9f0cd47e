using CallingBot.Media.Audio;
using CallingBot.Media.Processors;
using CallingBot.Media.Tests.Fakes;

namespace CallingBot.Media.Tests.Processors;

public class VoiceActivityDetectorTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public void Process_BurstOfSpeech_StartsAfterActivationAndEndsAfterHangover()
    {
        var detector = new VoiceActivityDetector();
        var events = Run(detector, new Signal().Silence(100).Level(200, -20).Silence(400));

        Assert.Equal(
            [(true, TimeSpan.FromMilliseconds(120)), (false, TimeSpan.FromMilliseconds(580))],
            events.Select(e => (e.IsSpeaking, e.Timestamp)));
        Assert.Equal(-20, events[0].LevelDbfs, tolerance: 0.1);
        Assert.False(detector.IsSpeaking(null));
    }

    [Fact]
    public void Process_PauseShorterThanHangover_KeepsSpeaking()
    {
        var detector = new VoiceActivityDetector();

        var events = Run(detector, new Signal().Level(200, -25).Silence(200).Level(200, -25));

        Assert.Equal([true], events.Select(e => e.IsSpeaking));
        Assert.True(detector.IsSpeaking(null));
        Assert.Equal(-25, detector.GetLevelDbfs(null), tolerance: 0.1);
    }

    [Fact]
    public void Process_BackgroundNoiseBelowThreshold_NeverSpeaks()
    {
        var events = Run(new VoiceActivityDetector(), new Signal().Silence(2000).AddNoise(-55, seed: 3));

        Assert.Empty(events);
    }

    private List<VoiceActivityEventArgs> Run(VoiceActivityDetector detector, Signal signal)
    {
        var events = new List<VoiceActivityEventArgs>();
        detector.VoiceActivityChanged += (_, e) => events.Add(e);
        foreach (var frame in signal.ToFrames(_pool))
        {
            detector.Process(frame.AsView());
            frame.Dispose();
        }

        return events;
    }
}
