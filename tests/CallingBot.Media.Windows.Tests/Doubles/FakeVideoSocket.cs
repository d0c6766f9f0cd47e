using Microsoft.Skype.Bots.Media;

namespace CallingBot.Media.Windows.Tests.Doubles;

/// <summary>The platform's video socket as a test double: records subscriptions and sent frames, raises events on demand.</summary>
internal sealed class FakeVideoSocket : IVideoSocket
{
    public event EventHandler<VideoMediaReceivedEventArgs>? VideoMediaReceived;

    public event EventHandler<VideoSendStatusChangedEventArgs>? VideoSendStatusChanged;

    public event EventHandler<VideoReceiveStatusChangedEventArgs>? VideoReceiveStatusChanged;

    public event EventHandler<VideoKeyFrameNeededEventArgs>? VideoKeyFrameNeeded { add { } remove { } }

    public event EventHandler<LtrReferenceFrameRequestedEventArgs>? LtrReferenceFrameRequested { add { } remove { } }

    public event EventHandler<LtrRecoveryFrameRequestedEventArgs>? LtrRecoveryFrameRequested { add { } remove { } }

    public event EventHandler<MediaStreamFailureEventArgs>? MediaStreamFailure { add { } remove { } }

    public event EventHandler<VideoMediaStreamQualityChangedEventArgs>? MediaStreamQualityChanged { add { } remove { } }

    public int SocketId => 0;

    public MediaType MediaType => MediaType.Video;

    public List<(VideoResolution Resolution, uint SourceId)> Subscriptions { get; } = [];

    public List<(long Length, VideoFormat Format, long Timestamp)> Sent { get; } = [];

    public void RaiseReceived(VideoMediaBuffer buffer) => VideoMediaReceived?.Invoke(this, new VideoMediaReceivedEventArgs { Buffer = buffer });

    public void RaiseReceiveStatus(MediaReceiveStatus status) => VideoReceiveStatusChanged?.Invoke(this, new VideoReceiveStatusChangedEventArgs { MediaReceiveStatus = status });

    public void RaiseSendStatus(MediaSendStatus status) => VideoSendStatusChanged?.Invoke(this, new VideoSendStatusChangedEventArgs { MediaSendStatus = status });

    public void Send(VideoMediaBuffer buffer)
    {
        Sent.Add((buffer.Length, buffer.VideoFormat, buffer.Timestamp));
        buffer.Dispose();
    }

    public void Subscribe(VideoResolution preferredVideoResolution, uint MediaSourceId) => Subscriptions.Add((preferredVideoResolution, MediaSourceId));

    public void Subscribe(VideoResolution preferredVideoResolution) => Subscriptions.Add((preferredVideoResolution, uint.MaxValue));

    public void Unsubscribe()
    {
    }

    public void RequestKeyFrame() => throw new NotSupportedException();

    public void UpdateVideoSendCapability(VideoSendCapability capability) => throw new NotSupportedException();

    public void SetSendBandwidthLimit(uint bitsPerSecond) => throw new NotSupportedException();

    public void SetReceiveBandwidthLimit(uint bitsPerSecond) => throw new NotSupportedException();

    public VideoQualityOfExperienceData GetQualityOfExperienceData() => throw new NotSupportedException();

    public void Dispose()
    {
    }
}
