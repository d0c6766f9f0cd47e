using CallingBot.Media.Video;
using PlatformVideoFormat = Microsoft.Skype.Bots.Media.VideoFormat;
using VideoColorFormat = Microsoft.Skype.Bots.Media.VideoColorFormat;

namespace CallingBot.Media.Windows.Video;

/// <summary>
/// The video formats the bot declares it can send (<c>SupportedSendVideoFormats</c>) and the mapping between the
/// platform's formats and the pipeline's <see cref="VideoFormat"/>. The platform only accepts frames in a declared
/// format, and its formats cannot be made up (their factory is internal), so a frame the bot sends must match one of
/// these sizes.
/// </summary>
public static class NativeVideoFormats
{
    /// <summary>What a video socket declares it can send: NV12 and H.264 at 1080p, 720p and 360p, 30 fps.</summary>
    public static IReadOnlyList<PlatformVideoFormat> Send { get; } =
    [
        PlatformVideoFormat.NV12_1920x1080_30Fps,
        PlatformVideoFormat.NV12_1280x720_30Fps,
        PlatformVideoFormat.NV12_640x360_30Fps,
        PlatformVideoFormat.H264_1920x1080_30Fps,
        PlatformVideoFormat.H264_1280x720_30Fps,
        PlatformVideoFormat.H264_640x360_30Fps,
    ];

    /// <summary>The pipeline's format of a received frame; null for formats the pipeline does not carry (RGB24, YUY2).</summary>
    public static VideoFormat? ToPipeline(VideoColorFormat format) => format switch
    {
        VideoColorFormat.NV12 => VideoFormat.Nv12,
        VideoColorFormat.H264 => VideoFormat.H264,
        _ => null,
    };

    /// <summary>The declared send format for a frame of this format and size; false when none matches.</summary>
    public static bool TryGetSendFormat(VideoFormat format, int width, int height, out PlatformVideoFormat platform)
    {
        var color = format == VideoFormat.H264 ? VideoColorFormat.H264 : VideoColorFormat.NV12;
        foreach (var candidate in Send)
        {
            if (candidate.VideoColorFormat == color && candidate.Width == width && candidate.Height == height)
            {
                platform = candidate;
                return true;
            }
        }

        platform = null!;
        return false;
    }
}
