using CallingBot.Media.Audio;
using CallingBot.Media.Tests.Fakes;

namespace CallingBot.Media.Tests.Audio;

public class AudioFramePoolTests
{
    [Fact]
    public void Rent_DefaultFormat_FrameHas640BytesAnd320Samples()
    {
        var pool = new AudioFramePool(AudioFormat.Default);

        using var frame = pool.Rent();

        Assert.Equal(640, frame.Data.Length);
        Assert.Equal(320, frame.Samples.Length);
        Assert.Equal(1, frame.ReferenceCount);
    }

    [Fact]
    public void Rent_AfterDispose_ReusesTheSameFrameWithResetMetadata()
    {
        var pool = new AudioFramePool(AudioFormat.Default);
        var first = pool.Rent();
        first.ParticipantId = "8:acs:a";
        first.Timestamp = TimeSpan.FromSeconds(3);
        first.IsSilent = true;
        first.Dispose();

        var second = pool.Rent();

        Assert.Same(first, second);
        Assert.Null(second.ParticipantId);
        Assert.Equal(TimeSpan.Zero, second.Timestamp);
        Assert.False(second.IsSilent);
        Assert.Equal(1, pool.Created);
    }

    [Fact]
    public void Retain_TwoHolders_ReturnsToPoolOnlyAfterLastDispose()
    {
        var pool = new AudioFramePool(AudioFormat.Default);
        var frame = pool.Rent();

        frame.Retain();
        frame.Dispose();

        Assert.Equal(0, pool.Available);
        Assert.Equal(640, frame.Data.Length);

        frame.Dispose();

        Assert.Equal(1, pool.Available);
        Assert.Equal(0, frame.ReferenceCount);
    }

    [Fact]
    public void Data_AfterRelease_ThrowsObjectDisposed()
    {
        var pool = new AudioFramePool(AudioFormat.Default);
        var frame = pool.Rent();
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => frame.Data.Length);
        Assert.Throws<ObjectDisposedException>(() => frame.Retain());
    }

    [Fact]
    public void RentSilent_ReusedDirtyFrame_IsAllZero()
    {
        var pool = new AudioFramePool(AudioFormat.Default);
        var dirty = pool.Rent();
        dirty.Data.Fill(0x7F);
        dirty.Dispose();

        using var frame = pool.RentSilent();

        Assert.True(frame.IsSilent);
        Assert.True(frame.Data.IndexOfAnyExcept((byte)0) < 0);
    }

    [Fact]
    public void RentAndDispose_SteadyState_AllocatesZeroBytes()
    {
        var pool = new AudioFramePool(AudioFormat.Default);
        var allocated = Allocations.QuietestRound(() => RentRetainRelease(pool));

        Assert.Equal(0, allocated);
        Assert.Equal(2, pool.Created);
    }

    [Fact]
    public void MixInto_OverflowingSum_Saturates()
    {
        short[] destination = [30_000, -30_000, 100];
        short[] source = [10_000, -10_000, -50];

        AudioLevel.MixInto(destination, source);

        Assert.Equal(new short[] { short.MaxValue, short.MinValue, 50 }, destination);
    }

    [Fact]
    public void RmsDbfs_FullScaleSineAndSilence_AreMinus3AndFloor()
    {
        var sine = new short[320];
        for (var i = 0; i < sine.Length; i++)
        {
            sine[i] = (short)Math.Round(32767 * Math.Sin(2 * Math.PI * 1000 * i / 16_000.0));
        }

        Assert.Equal(-3.01, AudioLevel.RmsDbfs(sine), 2);
        Assert.Equal(AudioLevel.SilenceDbfs, AudioLevel.RmsDbfs(new short[320]));
    }

    private static void RentRetainRelease(AudioFramePool pool)
    {
        var frame = pool.Rent();
        var other = pool.Rent();
        frame.Samples[0] = 1;
        frame.Retain().Dispose();
        other.Dispose();
        frame.Dispose();
    }
}
