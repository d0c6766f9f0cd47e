namespace CallingBot.Media.Video;

/// <summary>Pixel or bitstream format of a video frame, as carried in the binary frame header.</summary>
public enum VideoFormat : byte
{
    /// <summary>Raw NV12: a full-resolution Y plane followed by an interleaved half-resolution UV plane.</summary>
    Nv12 = 1,

    /// <summary>One H.264 access unit in Annex B byte-stream form.</summary>
    H264 = 2,
}
