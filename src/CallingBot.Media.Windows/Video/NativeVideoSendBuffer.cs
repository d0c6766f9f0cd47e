using System.Runtime.InteropServices;
using Microsoft.Skype.Bots.Media;
using PlatformVideoFormat = Microsoft.Skype.Bots.Media.VideoFormat;

namespace CallingBot.Media.Windows.Video;

/// <summary>
/// A video frame for <see cref="IVideoSocket.Send"/> in native memory, freed when the platform disposes it. Video
/// frames vary in size (H.264 access units), so unlike audio they are not pooled.
/// </summary>
internal sealed class NativeVideoSendBuffer : VideoMediaBuffer
{
    private int _disposed;

    public unsafe NativeVideoSendBuffer(ReadOnlySpan<byte> payload, PlatformVideoFormat format, long timestamp)
    {
        var data = Marshal.AllocHGlobal(Math.Max(1, payload.Length));
        payload.CopyTo(new Span<byte>((void*)data, payload.Length));
        Data = data;
        Length = payload.Length;
        VideoFormat = format;
        OriginalVideoFormat = format;
        Stride = format.VideoColorFormat == VideoColorFormat.NV12 ? format.Width : 0;
        Timestamp = timestamp;
    }

    protected override void Dispose(bool disposing)
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            Marshal.FreeHGlobal(Data);
            Data = 0;
        }
    }
}
