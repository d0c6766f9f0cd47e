using System.Buffers.Binary;
using CallingBot.Media.Streaming;

namespace CallingBot.Media.Video;

/// <summary>
/// The binary video extension of the media streaming protocol: a 32-byte little-endian header followed by
/// the frame data, sent as one binary WebSocket message (audio stays JSON text).
/// <code>
/// offset size field
///  0     4    magic "CBVF"
///  4     1    version (1)
///  5     1    format (1 = NV12, 2 = H.264)
///  6     2    flags (bit 0: key frame)
///  8     4    source id
/// 12     2    width
/// 14     2    height
/// 16     8    timestamp, media clock, 100 ns ticks
/// 24     4    payload length
/// 28     4    reserved, zero
/// </code>
/// </summary>
public static class VideoFrameCodec
{
    public const int HeaderSize = 32;

    public const byte CurrentVersion = 1;

    /// <summary>Largest accepted payload by default: a 4K NV12 frame is about 12 MiB.</summary>
    public const int DefaultMaxPayloadBytes = 16 * 1024 * 1024;

    /// <summary>Largest width or height.</summary>
    public const int MaxDimension = 8192;

    private const ushort KeyFrameFlag = 1;

    /// <summary>The magic bytes that open a video message.</summary>
    public static ReadOnlySpan<byte> Magic => "CBVF"u8;

    /// <summary>True when <paramref name="message"/> starts with the video magic.</summary>
    public static bool IsVideoMessage(ReadOnlySpan<byte> message) =>
        message.Length >= Magic.Length && message[..Magic.Length].SequenceEqual(Magic);

    /// <summary>Bytes of an NV12 frame of the given size: width × height × 3 / 2.</summary>
    public static int Nv12Size(int width, int height) => checked(width * height * 3 / 2);

    /// <summary>Writes the header into the first <see cref="HeaderSize"/> bytes of <paramref name="destination"/>.</summary>
    public static void WriteHeader(Span<byte> destination, in VideoFrameHeader header)
    {
        Validate(header, DefaultMaxPayloadBytes);
        if (destination.Length < HeaderSize)
        {
            throw new ArgumentException($"The destination needs at least {HeaderSize} bytes.", nameof(destination));
        }

        Magic.CopyTo(destination);
        destination[4] = CurrentVersion;
        destination[5] = (byte)header.Format;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], header.IsKeyFrame ? KeyFrameFlag : (ushort)0);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], header.SourceId);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[12..], (ushort)header.Width);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[14..], (ushort)header.Height);
        BinaryPrimitives.WriteInt64LittleEndian(destination[16..], header.Timestamp.Ticks);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[24..], (uint)header.PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[28..], 0);
    }

    /// <summary>Writes header and payload; returns the message length.</summary>
    public static int Write(Span<byte> destination, in VideoFrameHeader header, ReadOnlySpan<byte> payload)
    {
        if (payload.Length != header.PayloadLength)
        {
            throw new ArgumentException($"The payload is {payload.Length} bytes; the header says {header.PayloadLength}.", nameof(payload));
        }

        var length = HeaderSize + payload.Length;
        if (destination.Length < length)
        {
            throw new ArgumentException($"The destination needs {length} bytes.", nameof(destination));
        }

        WriteHeader(destination, header);
        payload.CopyTo(destination[HeaderSize..]);
        return length;
    }

    /// <summary>
    /// Reads and validates the header of a complete message; the payload is the rest of the message.
    /// Throws <see cref="MediaProtocolException"/> on a bad magic, unknown version or format, impossible
    /// size, or a payload length that does not match the message.
    /// </summary>
    public static VideoFrameHeader ReadHeader(ReadOnlySpan<byte> message, int maxPayloadBytes = DefaultMaxPayloadBytes)
    {
        if (message.Length < HeaderSize)
        {
            throw new MediaProtocolException($"A video message of {message.Length} bytes is shorter than its {HeaderSize}-byte header.");
        }

        if (!IsVideoMessage(message))
        {
            throw new MediaProtocolException("A binary media message does not start with the video magic 'CBVF'.");
        }

        if (message[4] != CurrentVersion)
        {
            throw new MediaProtocolException($"Video header version {message[4]} is not supported; this side speaks version {CurrentVersion}.");
        }

        var payloadLength = BinaryPrimitives.ReadUInt32LittleEndian(message[24..]);
        if (payloadLength > (uint)maxPayloadBytes)
        {
            throw new MediaProtocolException($"A video payload of {payloadLength} bytes exceeds the limit of {maxPayloadBytes} bytes.");
        }

        var header = new VideoFrameHeader(
            SourceId: BinaryPrimitives.ReadUInt32LittleEndian(message[8..]),
            Format: (VideoFormat)message[5],
            Width: BinaryPrimitives.ReadUInt16LittleEndian(message[12..]),
            Height: BinaryPrimitives.ReadUInt16LittleEndian(message[14..]),
            Timestamp: TimeSpan.FromTicks(BinaryPrimitives.ReadInt64LittleEndian(message[16..])),
            PayloadLength: (int)payloadLength,
            IsKeyFrame: (BinaryPrimitives.ReadUInt16LittleEndian(message[6..]) & KeyFrameFlag) != 0);
        Validate(header, maxPayloadBytes);

        if (message.Length - HeaderSize != header.PayloadLength)
        {
            throw new MediaProtocolException(
                $"The video header announces {header.PayloadLength} payload bytes; the message carries {message.Length - HeaderSize}.");
        }

        return header;
    }

    private static void Validate(in VideoFrameHeader header, int maxPayloadBytes)
    {
        if (header.Format is not (VideoFormat.Nv12 or VideoFormat.H264))
        {
            throw new MediaProtocolException($"Video format {(byte)header.Format} is unknown; expected 1 (NV12) or 2 (H.264).");
        }

        if (header.Width is < 1 or > MaxDimension || header.Height is < 1 or > MaxDimension)
        {
            throw new MediaProtocolException($"Video size {header.Width}x{header.Height} is outside 1..{MaxDimension}.");
        }

        if (header.PayloadLength < 0 || header.PayloadLength > maxPayloadBytes)
        {
            throw new MediaProtocolException($"A video payload of {header.PayloadLength} bytes is outside 0..{maxPayloadBytes}.");
        }

        if (header.Format == VideoFormat.Nv12)
        {
            if (header.Width % 2 != 0 || header.Height % 2 != 0)
            {
                throw new MediaProtocolException($"NV12 needs an even width and height; got {header.Width}x{header.Height}.");
            }

            var expected = Nv12Size(header.Width, header.Height);
            if (header.PayloadLength != expected)
            {
                throw new MediaProtocolException(
                    $"An NV12 frame of {header.Width}x{header.Height} is {expected} bytes; the header announces {header.PayloadLength}.");
            }
        }
        else if (header.PayloadLength == 0)
        {
            throw new MediaProtocolException("An H.264 video message carries no data.");
        }
    }
}
