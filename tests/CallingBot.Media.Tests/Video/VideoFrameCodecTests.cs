using System.Buffers.Binary;
using CallingBot.Media.Streaming;
using CallingBot.Media.Video;

namespace CallingBot.Media.Tests.Video;

public class VideoFrameCodecTests
{
    [Fact]
    public void EncodeThenDecode_Nv12Frame_RoundTrips()
    {
        var header = new VideoFrameHeader(7, VideoFormat.Nv12, 320, 180, TimeSpan.FromMilliseconds(33.3), VideoFrameCodec.Nv12Size(320, 180));
        using var frame = VideoFrame.Rent(header);
        frame.Payload.Span.Fill(0x42);
        var message = new byte[frame.EncodedLength];

        var written = frame.Encode(message);
        using var decoded = VideoFrame.Decode(message);

        Assert.Equal(32 + (320 * 180 * 3 / 2), written);
        Assert.Equal(header, decoded.Header);
        Assert.True(decoded.Payload.Span.IndexOfAnyExcept((byte)0x42) < 0);
    }

    [Fact]
    public void WriteHeader_H264KeyFrame_MatchesDocumentedLayout()
    {
        var header = new VideoFrameHeader(0x01020304, VideoFormat.H264, 1280, 720, TimeSpan.FromTicks(0x1122334455), 1000, IsKeyFrame: true);
        var bytes = new byte[32];

        VideoFrameCodec.WriteHeader(bytes, header);

        Assert.Equal("CBVF"u8.ToArray(), bytes[..4]);
        Assert.Equal(1, bytes[4]);
        Assert.Equal(2, bytes[5]);
        Assert.Equal(1, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(6)));
        Assert.Equal(0x01020304u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8)));
        Assert.Equal(1280, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(12)));
        Assert.Equal(720, BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(14)));
        Assert.Equal(0x1122334455, BinaryPrimitives.ReadInt64LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(1000u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
    }

    [Fact]
    public void ReadHeader_BadMagic_Throws()
    {
        var message = Valid();
        message[0] = (byte)'X';

        var ex = Assert.Throws<MediaProtocolException>(() => VideoFrameCodec.ReadHeader(message));

        Assert.Equal("A binary media message does not start with the video magic 'CBVF'.", ex.Message);
    }

    [Fact]
    public void ReadHeader_FutureVersion_Throws()
    {
        var message = Valid();
        message[4] = 2;

        var ex = Assert.Throws<MediaProtocolException>(() => VideoFrameCodec.ReadHeader(message));

        Assert.Equal("Video header version 2 is not supported; this side speaks version 1.", ex.Message);
    }

    [Fact]
    public void ReadHeader_UnknownFormat_Throws()
    {
        var message = Valid();
        message[5] = 9;

        var ex = Assert.Throws<MediaProtocolException>(() => VideoFrameCodec.ReadHeader(message));

        Assert.Equal("Video format 9 is unknown; expected 1 (NV12) or 2 (H.264).", ex.Message);
    }

    [Fact]
    public void ReadHeader_Nv12SizeMismatch_Throws()
    {
        var message = Valid();
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(12), 6);

        var ex = Assert.Throws<MediaProtocolException>(() => VideoFrameCodec.ReadHeader(message));

        Assert.Equal("An NV12 frame of 6x2 is 18 bytes; the header announces 6.", ex.Message);
    }

    [Fact]
    public void ReadHeader_TruncatedPayload_Throws()
    {
        var message = Valid()[..^1];

        var ex = Assert.Throws<MediaProtocolException>(() => VideoFrameCodec.ReadHeader(message));

        Assert.Equal("The video header announces 6 payload bytes; the message carries 5.", ex.Message);
    }

    [Fact]
    public void ReadHeader_PayloadOverLimit_Throws()
    {
        var ex = Assert.Throws<MediaProtocolException>(() => VideoFrameCodec.ReadHeader(Valid(), maxPayloadBytes: 4));

        Assert.Equal("A video payload of 6 bytes exceeds the limit of 4 bytes.", ex.Message);
    }

    [Fact]
    public void ReadHeader_ShorterThanHeader_Throws()
    {
        var ex = Assert.Throws<MediaProtocolException>(() => VideoFrameCodec.ReadHeader(new byte[10]));

        Assert.Equal("A video message of 10 bytes is shorter than its 32-byte header.", ex.Message);
    }

    private static byte[] Valid()
    {
        var message = new byte[32 + 6];
        VideoFrameCodec.Write(message, new VideoFrameHeader(1, VideoFormat.Nv12, 2, 2, TimeSpan.Zero, 6), new byte[6]);
        return message;
    }
}
