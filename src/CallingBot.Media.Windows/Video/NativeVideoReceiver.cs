using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;
using Microsoft.Skype.Bots.Media;
using PipelineVideoFormat = CallingBot.Media.Video.VideoFormat;

namespace CallingBot.Media.Windows.Video;

/// <summary>
/// Turns the platform's received video buffers into the pipeline's pooled <see cref="VideoFrame"/>s: NV12 or H.264,
/// size from the buffer's format, source id from its media source id (the participant's camera or screen share),
/// timestamp on the call's media clock. Other color formats are dropped and counted.
/// </summary>
public sealed class NativeVideoReceiver(IMediaReceiver receiver)
{
    private readonly IMediaReceiver _receiver = receiver ?? throw new ArgumentNullException(nameof(receiver));
    private long _firstTimestamp = long.MinValue;
    private long _unsupported;

    /// <summary>Buffers dropped because the pipeline does not carry their format.</summary>
    public long UnsupportedBuffers => Interlocked.Read(ref _unsupported);

    /// <summary>Copies <paramref name="buffer"/> into a pooled frame and hands it over; false when dropped. Does not dispose the buffer.</summary>
    public unsafe bool OnReceived(VideoMediaBuffer buffer)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        var format = buffer.VideoFormat;
        if (format is null || buffer.Data == 0 || buffer.Length is <= 0 or > int.MaxValue)
        {
            Interlocked.Increment(ref _unsupported);
            return false;
        }

        return Deliver(new ReadOnlySpan<byte>((void*)buffer.Data, (int)buffer.Length), NativeVideoFormats.ToPipeline(format.VideoColorFormat), format.Width, format.Height, buffer.MediaSourceId, buffer.Timestamp);
    }

    /// <summary>Copies one frame into a pooled <see cref="VideoFrame"/>; false when the format is not carried.</summary>
    public bool Deliver(ReadOnlySpan<byte> payload, PipelineVideoFormat? format, int width, int height, uint sourceId, long timestamp)
    {
        if (format is not { } carried)
        {
            Interlocked.Increment(ref _unsupported);
            return false;
        }

        var first = Interlocked.CompareExchange(ref _firstTimestamp, timestamp, long.MinValue);
        if (first == long.MinValue)
        {
            first = timestamp;
        }

        var header = new VideoFrameHeader(sourceId, carried, width, height, TimeSpan.FromTicks(Math.Max(0, timestamp - first)), payload.Length);
        var frame = VideoFrame.Rent(header);
        payload.CopyTo(frame.Payload.Span);
        _receiver.OnVideoReceived(frame);
        return true;
    }
}
