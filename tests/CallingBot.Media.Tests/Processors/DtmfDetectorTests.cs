using CallingBot.Media.Audio;
using CallingBot.Media.Processors;
using CallingBot.Media.Tests.Fakes;

namespace CallingBot.Media.Tests.Processors;

public class DtmfDetectorTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Theory]
    [InlineData(-10)]
    [InlineData(-20)]
    [InlineData(-30)]
    [InlineData(-40)]
    public void Process_AllSixteenKeysAtLevel_DetectsExactSequence(double levelDbfs)
    {
        const string keypad = "123A456B789C*0#D";
        var signal = new Signal();
        foreach (var key in keypad)
        {
            signal.Key(key, 100, levelDbfs).Silence(100);
        }

        Assert.Equal(keypad, Detect(signal));
    }

    [Theory]
    [InlineData(-10, 20, 1)]
    [InlineData(-20, 15, 2)]
    [InlineData(-30, 12, 3)]
    public void Process_KeysInWhiteNoise_DetectsExactSequence(double levelDbfs, double snrDb, int seed)
    {
        var signal = new Signal();
        foreach (var key in "0123456789*#")
        {
            signal.Key(key, 80, levelDbfs).Silence(80);
        }

        signal.AddNoise(levelDbfs + 3 - snrDb, seed);

        Assert.Equal("0123456789*#", Detect(signal));
    }

    [Fact]
    public void Process_KeyHeldThreeFramesOrOneSecond_ReportsItOnce()
    {
        Assert.Equal("5", Detect(new Signal().Key('5', 60, -20).Silence(60)));
        Assert.Equal("5", Detect(new Signal().Key('5', 1000, -20).Silence(60)));
    }

    [Fact]
    public void Process_SixtyMillisecondToneStartingMidFrame_IsDetected()
    {
        Assert.Equal("9", Detect(new Signal().Silence(10).Key('9', 60, -20).Silence(50)));
    }

    [Fact]
    public void Process_SingleFrameBlip_IsIgnored()
    {
        Assert.Equal(string.Empty, Detect(new Signal().Key('3', 20, -10).Silence(100)));
    }

    [Fact]
    public void Process_SameKeyAfterShortDropoutAndAfterRealGap_DebouncesOnlyTheDropout()
    {
        var signal = new Signal()
            .Key('7', 100, -20).Silence(20).Key('7', 100, -20)
            .Silence(40).Key('7', 100, -20).Silence(40);

        Assert.Equal("77", Detect(signal));
    }

    [Fact]
    public void Process_DifferentKeyWithoutGap_ReportsBoth()
    {
        Assert.Equal("12", Detect(new Signal().Key('1', 100, -20).Key('2', 100, -20).Silence(40)));
    }

    [Theory]
    [InlineData(-10, -16, "1")]
    [InlineData(-16, -10, "1")]
    [InlineData(-10, -22, "")]
    [InlineData(-22, -10, "")]
    public void Process_TwistBetweenTones_AcceptedUpToEightDb(double lowDbfs, double highDbfs, string expected)
    {
        var frames = new Signal().Tone(697, 0, 100, lowDbfs).Silence(40).ToFrames(_pool);
        var high = new Signal().Tone(1209, 0, 100, highDbfs).Silence(40).ToFrames(_pool);
        for (var i = 0; i < frames.Count; i++)
        {
            AudioLevel.MixInto(frames[i].Samples, high[i].Samples);
            high[i].Dispose();
        }

        Assert.Equal(expected, Run(frames));
    }

    [Fact]
    public void Process_SilenceNoiseAndSpeechLikeAudio_ReportsNothing()
    {
        var audio = new Signal()
            .Silence(2000)
            .SpeechLike(20_000, -20, seed: 7)
            .SpeechLike(20_000, -12, seed: 11)
            .AddNoise(-50, seed: 5);
        var noise = new Signal().Silence(10_000).AddNoise(-15, seed: 9);

        Assert.Equal(string.Empty, Detect(audio));
        Assert.Equal(string.Empty, Detect(noise));
    }

    [Fact]
    public void Process_TwoParticipantsInterleaved_DetectsEachWithTheirId()
    {
        var a = new Signal().Key('1', 100, -20).Silence(40).ToFrames(_pool, "8:acs:a");
        var b = new Signal().Silence(40).Key('2', 100, -20).ToFrames(_pool, "8:acs:b");
        var detector = new DtmfDetector(AudioFormat.Default);
        var keys = new List<DtmfKeyEventArgs>();
        detector.KeyDetected += (_, e) => keys.Add(e);

        for (var i = 0; i < a.Count; i++)
        {
            detector.Process(a[i].AsView());
            detector.Process(b[i].AsView());
            a[i].Dispose();
            b[i].Dispose();
        }

        Assert.Equal([('1', "8:acs:a"), ('2', "8:acs:b")], keys.Select(k => (k.Key, k.ParticipantId)));
        Assert.Equal(TimeSpan.Zero, keys[0].Timestamp);
        Assert.Equal(TimeSpan.FromMilliseconds(40), keys[1].Timestamp);
    }

    [Fact]
    public void Process_TonePlayerOutput_IsDetected()
    {
        var player = TonePlayer.Dtmf("*42#", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(60));
        var detector = new DtmfDetector(AudioFormat.Default);
        var keys = string.Empty;
        detector.KeyDetected += (_, e) => keys += e.Key;
        using var frame = _pool.Rent();

        while (player.TryRead(frame))
        {
            detector.Process(frame.AsView());
        }

        Assert.Equal("*42#", keys);
        Assert.Equal(4, detector.KeysDetected);
    }

    private string Detect(Signal signal) => Run(signal.ToFrames(_pool));

    private static string Run(List<AudioFrame> frames)
    {
        var detector = new DtmfDetector(AudioFormat.Default);
        var keys = string.Empty;
        detector.KeyDetected += (_, e) => keys += e.Key;
        foreach (var frame in frames)
        {
            detector.Process(frame.AsView());
            frame.Dispose();
        }

        return keys;
    }
}
