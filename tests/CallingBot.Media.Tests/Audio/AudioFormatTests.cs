using CallingBot.Media.Audio;

namespace CallingBot.Media.Tests.Audio;

public class AudioFormatTests
{
    [Fact]
    public void Default_TwentyMillisecondsAt16KhzMono_Is320SamplesAnd640Bytes()
    {
        var format = AudioFormat.Default;

        Assert.Equal(16_000, format.SampleRate);
        Assert.Equal(1, format.Channels);
        Assert.Equal(TimeSpan.FromMilliseconds(20), format.FrameDuration);
        Assert.Equal(16_000 * 20 / 1000, format.SamplesPerFrame);
        Assert.Equal(320, format.SamplesPerFrame);
        Assert.Equal(320 * 2, format.BytesPerFrame);
        Assert.Equal(640, format.BytesPerFrame);
        Assert.Equal(50, format.FramesPerSecond);
        Assert.Equal(32_000, format.BytesPerSecond);
    }

    [Fact]
    public void Constructor_24KhzStereo_DerivesSizes()
    {
        var format = new AudioFormat(24_000, 2, TimeSpan.FromMilliseconds(20));

        Assert.Equal(480, format.SamplesPerFrame);
        Assert.Equal(960, format.SampleCountPerFrame);
        Assert.Equal(1920, format.BytesPerFrame);
        Assert.Equal(4, format.BlockAlign);
    }

    [Fact]
    public void Constructor_DurationNotWholeSamples_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new AudioFormat(44_100, 1, TimeSpan.FromTicks(3)));

        Assert.Contains("whole number of samples", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DurationOf_OneSecondOfBytes_IsOneSecond()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), AudioFormat.Default.DurationOf(32_000));
        Assert.Equal(AudioFormat.Default.FrameDuration, AudioFormat.Default.DurationOf(AudioFormat.Default.BytesPerFrame));
    }
}
