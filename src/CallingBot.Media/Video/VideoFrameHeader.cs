namespace CallingBot.Media.Video;

/// <summary>The fixed header in front of every binary video message (see <see cref="VideoFrameCodec"/>).</summary>
/// <param name="SourceId">Identifies the video source (a participant's camera or screen share).</param>
/// <param name="Format">NV12 or H.264.</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
/// <param name="Timestamp">Position on the call's media clock.</param>
/// <param name="PayloadLength">Bytes of frame data after the header.</param>
/// <param name="IsKeyFrame">For H.264: the access unit can be decoded on its own.</param>
public readonly record struct VideoFrameHeader(
    uint SourceId,
    VideoFormat Format,
    int Width,
    int Height,
    TimeSpan Timestamp,
    int PayloadLength,
    bool IsKeyFrame = false);
