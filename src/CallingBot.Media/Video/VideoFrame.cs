using System.Buffers;

namespace CallingBot.Media.Video;

/// <summary>
/// A video frame whose data lives in a buffer rented from <see cref="ArrayPool{T}.Shared"/>. The owner
/// disposes it once, which returns the buffer. Processors receive a read-only <see cref="VideoFrameView"/> of it
/// (<see cref="AsView"/>).
/// </summary>
public sealed class VideoFrame : IDisposable
{
    private byte[]? _buffer;

    private VideoFrame(in VideoFrameHeader header, byte[] buffer)
    {
        Header = header;
        _buffer = buffer;
    }

    public VideoFrameHeader Header { get; }

    /// <summary>The frame data (NV12 planes or an H.264 access unit).</summary>
    public Memory<byte> Payload
    {
        get
        {
            var buffer = _buffer;
            ObjectDisposedException.ThrowIf(buffer is null, this);
            return buffer.AsMemory(0, Header.PayloadLength);
        }
    }

    /// <summary>A read-only view of this frame, which is what processors receive. It throws once the frame is disposed.</summary>
    public VideoFrameView AsView()
    {
        ObjectDisposedException.ThrowIf(IsReleased, this);
        return new VideoFrameView(this);
    }

    internal bool IsReleased => Volatile.Read(ref _buffer) is null;

    /// <summary>Rents a frame for <paramref name="header"/>; fill <see cref="Payload"/> before handing it on.</summary>
    public static VideoFrame Rent(in VideoFrameHeader header)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(header.PayloadLength);
        return new VideoFrame(header, ArrayPool<byte>.Shared.Rent(Math.Max(1, header.PayloadLength)));
    }

    /// <summary>Validates and copies a binary video message into a new frame.</summary>
    public static VideoFrame Decode(ReadOnlySpan<byte> message, int maxPayloadBytes = VideoFrameCodec.DefaultMaxPayloadBytes)
    {
        var header = VideoFrameCodec.ReadHeader(message, maxPayloadBytes);
        var frame = Rent(header);
        message[VideoFrameCodec.HeaderSize..].CopyTo(frame.Payload.Span);
        return frame;
    }

    /// <summary>Writes this frame as a binary video message; returns its length.</summary>
    public int Encode(Span<byte> destination) => VideoFrameCodec.Write(destination, Header, Payload.Span);

    /// <summary>Length of this frame as a binary video message.</summary>
    public int EncodedLength => VideoFrameCodec.HeaderSize + Header.PayloadLength;

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
