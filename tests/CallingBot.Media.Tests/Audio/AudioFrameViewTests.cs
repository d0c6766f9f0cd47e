using CallingBot.Media.Audio;
using CallingBot.Media.Tests.Fakes;

namespace CallingBot.Media.Tests.Audio;

public class AudioFrameViewTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public void AsView_Frame_ShowsItsSamplesAndMetadata()
    {
        using var frame = Frames.Constant(_pool, 1234, index: 7, participant: "8:acs:a");
        frame.IsSilent = true;

        var view = frame.AsView();

        Assert.Same(AudioFormat.Default, view.Format);
        Assert.Equal(640, view.Data.Length);
        Assert.Equal(640, view.Memory.Length);
        Assert.Equal(320, view.Samples.Length);
        Assert.True(view.Samples.IndexOfAnyExcept((short)1234) < 0);
        Assert.Equal(TimeSpan.FromMilliseconds(140), view.Timestamp);
        Assert.Equal("8:acs:a", view.ParticipantId);
        Assert.True(view.IsSilent);
    }

    [Fact]
    public void View_FrameReturnedToItsPool_Throws()
    {
        var frame = _pool.Rent();
        var view = frame.AsView();
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => view.Data.Length);
        Assert.Throws<ObjectDisposedException>(() => view.Timestamp);
        Assert.Throws<ObjectDisposedException>(() => view.Retain());
        Assert.Throws<ObjectDisposedException>(() => frame.AsView());
    }

    [Fact]
    public void View_FrameRentedAgainByTheNextUser_ThrowsInsteadOfShowingTheNewFrame()
    {
        var frame = Frames.Constant(_pool, 1, participant: "8:acs:old");
        var stale = frame.AsView();
        frame.Dispose();

        using var reused = Frames.Constant(_pool, 2, participant: "8:acs:new");

        Assert.Same(frame, reused);
        Assert.Throws<ObjectDisposedException>(() => stale.Samples[0]);
        Assert.Throws<ObjectDisposedException>(() => stale.ParticipantId);
        Assert.Equal("8:acs:new", reused.AsView().ParticipantId);
    }

    [Fact]
    public void View_Default_ThrowsNamingWhereViewsComeFrom()
    {
        var view = default(AudioFrameView);

        var ex = Assert.Throws<InvalidOperationException>(() => view.Data.Length);

        Assert.Contains("AudioFrame.AsView()", ex.Message, StringComparison.Ordinal);
        default(RetainedAudioFrame).Dispose();
        Assert.Throws<InvalidOperationException>(() => default(RetainedAudioFrame).View);
    }

    [Fact]
    public void Retain_OwnerReleasesTheFrame_KeptFrameStaysReadableUntilDisposed()
    {
        var frame = Frames.Constant(_pool, 5, index: 3);

        var kept = frame.AsView().Retain();
        frame.Dispose();

        Assert.Equal(0, _pool.Available);
        Assert.Equal(5, kept.View.Samples[0]);
        Assert.Equal(TimeSpan.FromMilliseconds(60), kept.View.Timestamp);

        kept.Dispose();

        Assert.Equal(1, _pool.Available);
        Assert.Throws<ObjectDisposedException>(() => kept.View.Data.Length);
    }

    [Fact]
    public void RetainedDispose_AfterTheFrameWasRentedAgain_LeavesTheNewRentersReference()
    {
        var frame = _pool.Rent();
        var kept = frame.AsView().Retain();
        frame.Dispose();
        kept.Dispose();
        using var reused = _pool.Rent();

        kept.Dispose();

        Assert.Same(frame, reused);
        Assert.Equal(1, reused.ReferenceCount);
    }

    [Fact]
    public void CopyTo_FrameOfTheCallersOwn_CopiesSamplesAndMetadataAndLeavesTheSourceAlone()
    {
        using var source = Frames.Constant(_pool, 300, index: 2, participant: "8:acs:a");
        source.IsSilent = true;
        using var copy = _pool.Rent();

        source.AsView().CopyTo(copy);
        copy.Samples.Fill(-1);

        Assert.True(source.Samples.IndexOfAnyExcept((short)300) < 0);
        Assert.Equal(source.Timestamp, copy.Timestamp);
        Assert.Equal("8:acs:a", copy.ParticipantId);
        Assert.True(copy.IsSilent);
    }

    [Fact]
    public void ViewRetainCopyAndRelease_SteadyState_AllocatesZeroBytes()
    {
        var allocated = Allocations.QuietestRound(() => ViewRetainCopyRelease(_pool));

        Assert.Equal(0, allocated);
        Assert.Equal(2, _pool.Created);
        Assert.Equal(_pool.Created, _pool.Available);
    }

    private static void ViewRetainCopyRelease(AudioFramePool pool)
    {
        var frame = pool.Rent();
        var view = frame.AsView();
        var kept = view.Retain();
        frame.Dispose();
        var copy = pool.Rent();
        kept.View.CopyTo(copy);
        _ = kept.View.Samples[0] + view.Data[1] + view.Memory.Length + view.Timestamp.Ticks + (view.IsSilent ? 1 : 0) + (view.ParticipantId?.Length ?? 0);
        kept.Dispose();
        copy.Dispose();
    }
}
