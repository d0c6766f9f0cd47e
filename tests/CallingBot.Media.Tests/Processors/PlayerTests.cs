using CallingBot.Media.Audio;
using CallingBot.Media.Processors;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Media.Tests.Wav;
using CallingBot.Media.Wav;

namespace CallingBot.Media.Tests.Processors;

public class PlayerTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public void TryRead_ClipOfTwoAndAHalfFrames_ThreeFramesLastPaddedWithSilence()
    {
        var pcm = WavTests.Ramp(800);
        var clip = WavClip.FromPcm(pcm, AudioFormat.Default);
        var player = new WavPlayer(clip);
        var played = new List<byte>();
        using var frame = _pool.Rent();

        while (player.TryRead(frame))
        {
            played.AddRange(frame.Data.ToArray());
        }

        Assert.Equal(3, clip.FrameCount);
        Assert.Equal(TimeSpan.FromMilliseconds(50), clip.Duration);
        Assert.Equal(3 * 640, played.Count);
        Assert.Equal(pcm, played.Take(1600));
        Assert.All(played.Skip(1600), b => Assert.Equal(0, b));
    }

    [Fact]
    public void TryRead_Looping_WrapsAround()
    {
        var pcm = WavTests.Ramp(480);
        var player = new WavPlayer(WavClip.FromPcm(pcm, AudioFormat.Default), loop: true);
        using var frame = _pool.Rent();

        for (var i = 0; i < 3; i++)
        {
            Assert.True(player.TryRead(frame));
        }

        // Frame 3 covers samples 640..959 of the endless loop, i.e. clip samples 160..479.
        Assert.Equal(pcm.AsSpan(320, 640).ToArray(), frame.Data.ToArray());
    }

    [Fact]
    public void Load_WavInOtherRate_ThrowsWithConversionHint()
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 8000, 1, leaveOpen: true))
        {
            writer.Write(new byte[320]);
        }

        stream.Position = 0;

        var ex = Assert.Throws<WavFormatException>(() => WavClip.Load(stream, AudioFormat.Default));

        Assert.Equal(
            "The WAV file is 8000 Hz with 1 channel(s); the call needs 16000 Hz with 1. Convert it first, for example: sox in.wav -r 16000 -c 1 -b 16 out.wav",
            ex.Message);
    }

    [Fact]
    public void Sine_HundredMilliseconds_FiveFramesAtRequestedLevel()
    {
        var player = TonePlayer.Sine(1000, TimeSpan.FromMilliseconds(100), levelDbfs: -12);
        using var frame = _pool.Rent();
        var levels = new List<double>();

        while (player.TryRead(frame))
        {
            levels.Add(AudioLevel.RmsDbfs(frame.Samples));
        }

        Assert.Equal(5, levels.Count);
        Assert.All(levels, level => Assert.Equal(-12, level, tolerance: 0.01));
    }

    [Fact]
    public void Dtmf_KeyAndGap_ProducesExpectedFrameCountEndingInSilence()
    {
        var player = TonePlayer.Dtmf("1", TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(50));
        using var frame = _pool.Rent();
        var levels = new List<double>();

        while (player.TryRead(frame))
        {
            levels.Add(AudioLevel.RmsDbfs(frame.Samples));
        }

        Assert.Equal(8, levels.Count);
        // Two tones of −12 dBFS each sum to about −9 dBFS; within a 20 ms frame the cross term is not quite zero.
        Assert.All(levels.Take(5), level => Assert.Equal(-9, level, tolerance: 0.2));
        Assert.All(levels.Skip(5), level => Assert.Equal(AudioLevel.SilenceDbfs, level));
    }

    [Fact]
    public void GetFrequencies_EveryKey_MatchesItuKeypad()
    {
        foreach (var key in StandardDtmf.Keys)
        {
            Assert.Equal(StandardDtmf.Frequencies(key), DtmfTones.GetFrequencies(key));
            Assert.Equal(StandardDtmf.Frequencies(key), DtmfTones.GetFrequencies(char.ToLowerInvariant(key)));
        }

        Assert.Equal(16, DtmfTones.Keys.Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => DtmfTones.GetFrequencies('x'));
    }
}
