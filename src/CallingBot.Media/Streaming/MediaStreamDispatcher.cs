using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Video;

namespace CallingBot.Media.Streaming;

/// <summary>
/// The receive side of a media streaming connection, minus the socket: a text message is decoded as
/// media streaming JSON and its audio handed to the receiver; a binary message is decoded as a video frame
/// (or, on a connection that did not ask for video, counted and ignored). Metadata is validated and kept;
/// <c>StopAudio</c> and unknown kinds are counted and ignored. Throws
/// <see cref="MediaProtocolException"/> for a malformed message (close the connection with status 1007).
/// One per connection; not thread-safe.
/// </summary>
public sealed class MediaStreamDispatcher
{
    private readonly IMediaReceiver _receiver;
    private readonly AudioStreamingDecoder _decoder;
    private readonly int _maxVideoPayloadBytes;
    private readonly bool _acceptVideo;

    /// <param name="acceptVideo">False for an audio-only connection: binary messages are then ignored, not decoded.</param>
    public MediaStreamDispatcher(
        IMediaReceiver receiver,
        AudioFramePool pool,
        int maxAudioMessageBytes = AudioStreamingDecoder.DefaultMaxMessageBytes,
        int maxVideoPayloadBytes = VideoFrameCodec.DefaultMaxPayloadBytes,
        bool acceptVideo = true)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        ArgumentNullException.ThrowIfNull(pool);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxVideoPayloadBytes, 1);
        _receiver = receiver;
        _decoder = new AudioStreamingDecoder(pool, maxAudioMessageBytes);
        _maxVideoPayloadBytes = maxVideoPayloadBytes;
        _acceptVideo = acceptVideo;
    }

    /// <summary>The stream's metadata, once received.</summary>
    public AudioMetadata? Metadata => _decoder.Metadata;

    /// <summary>Messages of a kind this side does not handle (ignored).</summary>
    public long IgnoredMessages { get; private set; }

    /// <summary>Largest message the connection needs to buffer: a receive buffer of this size holds any valid message.</summary>
    public int MaxMessageBytes => Math.Max(AudioStreamingDecoder.DefaultMaxMessageBytes, VideoFrameCodec.HeaderSize + _maxVideoPayloadBytes);

    /// <summary>Handles one complete message and returns what it was.</summary>
    public StreamingMessageKind Dispatch(ReadOnlySpan<byte> message, bool isText)
    {
        if (!isText)
        {
            if (_acceptVideo)
            {
                _receiver.OnVideoReceived(VideoFrame.Decode(message, _maxVideoPayloadBytes));
            }
            else
            {
                IgnoredMessages++;
            }

            return StreamingMessageKind.Unknown;
        }

        var decoded = _decoder.Decode(message);
        switch (decoded.Kind)
        {
            case StreamingMessageKind.AudioData:
                _receiver.OnAudioReceived(decoded.Frame!);
                break;
            case StreamingMessageKind.AudioMetadata:
                break;
            default:
                IgnoredMessages++;
                break;
        }

        return decoded.Kind;
    }
}
