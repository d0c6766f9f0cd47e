using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;
using CallingBot.Media.Windows.Audio;
using CallingBot.Media.Windows.Video;
using Microsoft.Skype.Bots.Media;
using AudioFormat = CallingBot.Media.Audio.AudioFormat;

namespace CallingBot.Media.Windows.Sessions;

/// <summary>
/// <see cref="IMediaTransport"/> over the platform's sockets: each frame the <see cref="AudioSender"/> sends on its
/// 20 ms clock is copied into a pooled native send buffer and handed to <see cref="IAudioSocket.Send"/>, which owns it
/// from then on (the platform disposes it once sent, returning it to the pool). Frames go out only while the platform
/// says it can send (<c>AudioSendStatusChanged</c> Active); before that, and after the transport is closed, they are
/// dropped and counted. Sends complete synchronously: the pacing stays the sender's.
/// </summary>
public sealed class NativeMediaTransport : IMediaTransport, IDisposable
{
    private readonly IAudioSocket _audio;
    private readonly IVideoSocket? _video;
    private readonly AudioSendBufferPool _buffers;
    private int _audioActive;
    private int _videoActive;
    private int _closed;
    private long _audioSent;
    private long _audioDropped;
    private long _videoSent;
    private long _videoDropped;

    public NativeMediaTransport(IAudioSocket audio, IVideoSocket? video, AudioFormat format)
    {
        ArgumentNullException.ThrowIfNull(format);
        _audio = audio ?? throw new ArgumentNullException(nameof(audio));
        _video = video;
        _buffers = new AudioSendBufferPool(format.BytesPerFrame, ToPlatform(format));
    }

    /// <summary>The native buffers behind audio sends.</summary>
    public AudioSendBufferPool Buffers => _buffers;

    public bool CanSendAudio => Volatile.Read(ref _audioActive) == 1 && !IsClosed;

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    public long AudioFramesSent => Interlocked.Read(ref _audioSent);

    /// <summary>Audio frames not sent: the platform could not send yet, the transport was closed, or the socket refused them.</summary>
    public long AudioFramesDropped => Interlocked.Read(ref _audioDropped);

    public long VideoFramesSent => Interlocked.Read(ref _videoSent);

    public long VideoFramesDropped => Interlocked.Read(ref _videoDropped);

    /// <summary>The platform's audio send status (from <c>AudioSendStatusChanged</c>).</summary>
    public void SetAudioSendStatus(MediaSendStatus status) => Volatile.Write(ref _audioActive, status == MediaSendStatus.Active ? 1 : 0);

    /// <summary>The platform's video send status (from <c>VideoSendStatusChanged</c>).</summary>
    public void SetVideoSendStatus(MediaSendStatus status) => Volatile.Write(ref _videoActive, status == MediaSendStatus.Active ? 1 : 0);

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!CanSendAudio)
        {
            Interlocked.Increment(ref _audioDropped);
            return default;
        }

        // The frame's timestamp is its slot on the sender's clock, in the 100 ns ticks the platform counts in.
        var buffer = _buffers.Rent(frame.Data, frame.Timestamp.Ticks, frame.IsSilent);
        try
        {
            _audio.Send(buffer);
        }
        catch
        {
            // Not accepted: the buffer is still ours.
            buffer.Dispose();
            Interlocked.Increment(ref _audioDropped);
            throw;
        }

        Interlocked.Increment(ref _audioSent);
        return default;
    }

    public ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        var header = frame.Header;
        if (_video is null || IsClosed || Volatile.Read(ref _videoActive) == 0
            || !NativeVideoFormats.TryGetSendFormat(header.Format, header.Width, header.Height, out var format))
        {
            Interlocked.Increment(ref _videoDropped);
            return default;
        }

        var buffer = new NativeVideoSendBuffer(frame.Payload.Span[..header.PayloadLength], format, header.Timestamp.Ticks);
        try
        {
            _video.Send(buffer);
        }
        catch
        {
            buffer.Dispose();
            Interlocked.Increment(ref _videoDropped);
            throw;
        }

        Interlocked.Increment(ref _videoSent);
        return default;
    }

    /// <summary>Stops sending; buffers still with the platform return to the pool and are freed there.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            _buffers.Dispose();
        }
    }

    internal static Microsoft.Skype.Bots.Media.AudioFormat ToPlatform(AudioFormat format) => (format.SampleRate, format.Channels) switch
    {
        (16_000, 1) => Microsoft.Skype.Bots.Media.AudioFormat.Pcm16K,
        (24_000, 1) => Microsoft.Skype.Bots.Media.AudioFormat.Pcm24K,
        (44_100, 2) => Microsoft.Skype.Bots.Media.AudioFormat.Pcm44KStereo,
        (48_000, 2) => Microsoft.Skype.Bots.Media.AudioFormat.Pcm48KStereo,
        _ => throw new ArgumentException($"The native media platform has no audio format for {format}.", nameof(format)),
    };
}
