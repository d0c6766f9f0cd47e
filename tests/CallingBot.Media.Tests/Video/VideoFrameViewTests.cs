using CallingBot.Media.Video;

namespace CallingBot.Media.Tests.Video;

public class VideoFrameViewTests
{
    private static readonly VideoFrameHeader Header = new(9, VideoFormat.H264, 640, 360, TimeSpan.FromMilliseconds(40), 16, IsKeyFrame: true);

    [Fact]
    public void AsView_Frame_ShowsHeaderPayloadAndEncodesLikeTheFrame()
    {
        using var frame = VideoFrame.Rent(Header);
        frame.Payload.Span.Fill(0x5A);
        var expected = new byte[frame.EncodedLength];
        frame.Encode(expected);

        var view = frame.AsView();
        var encoded = new byte[view.EncodedLength];
        var written = view.Encode(encoded);

        Assert.Equal(Header, view.Header);
        Assert.Equal(16, view.Payload.Length);
        Assert.True(view.Payload.Span.IndexOfAnyExcept((byte)0x5A) < 0);
        Assert.Equal(expected.Length, written);
        Assert.Equal(expected, encoded);
    }

    [Fact]
    public void CopyTo_FrameRentedForTheSameHeader_CopiesThePayloadAndLeavesTheSourceAlone()
    {
        using var source = VideoFrame.Rent(Header);
        source.Payload.Span.Fill(0x11);
        using var copy = VideoFrame.Rent(source.AsView().Header);

        source.AsView().CopyTo(copy);
        var copied = copy.Payload.ToArray();
        copy.Payload.Span.Fill(0x22);

        Assert.True(copied.AsSpan().IndexOfAnyExcept((byte)0x11) < 0);
        Assert.True(source.Payload.Span.IndexOfAnyExcept((byte)0x11) < 0);
    }

    [Fact]
    public void CopyTo_DestinationOfAnotherPayloadLength_ThrowsNamingBothLengths()
    {
        using var source = VideoFrame.Rent(Header);
        using var other = VideoFrame.Rent(Header with { PayloadLength = 8 });

        var ex = Assert.Throws<ArgumentException>(() => source.AsView().CopyTo(other));

        Assert.Equal("destination", ex.ParamName);
        Assert.Contains("holds 8 payload bytes; this frame has 16", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void View_FrameDisposed_Throws()
    {
        var frame = VideoFrame.Rent(Header);
        var view = frame.AsView();
        frame.Dispose();

        Assert.Throws<ObjectDisposedException>(() => view.Payload.Length);
        Assert.Throws<ObjectDisposedException>(() => view.Header);
        Assert.Throws<ObjectDisposedException>(() => frame.AsView());
        Assert.Throws<InvalidOperationException>(() => default(VideoFrameView).Header);
    }
}
