namespace CallingBot.Media.Video;

/// <summary>
/// A read-only view of a <see cref="VideoFrame"/>, which is what video processors receive: every processor of a
/// chain sees the same frame, so none may change what the next one reads. A struct over the frame, so handing it
/// on allocates nothing. Valid while the frame is held; afterwards every member throws
/// <see cref="ObjectDisposedException"/>. To keep the data, <see cref="CopyTo"/> a frame of your own.
/// </summary>
public readonly struct VideoFrameView
{
    private readonly VideoFrame? _frame;

    internal VideoFrameView(VideoFrame frame)
    {
        _frame = frame;
    }

    public VideoFrameHeader Header => Frame.Header;

    /// <summary>The frame data (NV12 planes or an H.264 access unit).</summary>
    public ReadOnlyMemory<byte> Payload => Frame.Payload;

    /// <summary>Length of the frame as a binary video message.</summary>
    public int EncodedLength => Frame.EncodedLength;

    /// <summary>Writes the frame as a binary video message; returns its length.</summary>
    public int Encode(Span<byte> destination) => Frame.Encode(destination);

    /// <summary>
    /// Copies the payload into <paramref name="destination"/>, a frame the caller owns, rented for the same payload
    /// length (for example <c>VideoFrame.Rent(view.Header)</c>).
    /// </summary>
    public void CopyTo(VideoFrame destination)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var frame = Frame;
        if (destination.Header.PayloadLength != frame.Header.PayloadLength)
        {
            throw new ArgumentException(
                $"The destination frame holds {destination.Header.PayloadLength} payload bytes; this frame has {frame.Header.PayloadLength}.",
                nameof(destination));
        }

        frame.Payload.Span.CopyTo(destination.Payload.Span);
    }

    private VideoFrame Frame
    {
        get
        {
            var frame = _frame ?? throw new InvalidOperationException($"This {nameof(VideoFrameView)} refers to no frame; views come from {nameof(VideoFrame)}.{nameof(VideoFrame.AsView)}().");
            ObjectDisposedException.ThrowIf(frame.IsReleased, frame);
            return frame;
        }
    }
}
