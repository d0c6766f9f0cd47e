using CallingBot.Media.Audio;
using CallingBot.Media.Video;

namespace CallingBot.Media.Pipeline;

/// <summary>
/// Carries a call's outbound media to the calling service: the media streaming WebSocket, or a native
/// media platform adapter. Inbound media flows the other way, from the transport into an
/// <see cref="IMediaReceiver"/> (normally the call's <see cref="MediaPipeline"/>).
/// </summary>
/// <remarks>
/// The frame is borrowed: the transport must not use it after the returned task completes, and must not
/// dispose it. The <see cref="AudioSender"/> never overlaps two audio sends; video sends may overlap audio
/// sends, so a transport over a single socket serialises them itself. Returning a completed task for sends
/// that finish synchronously keeps the hot path free of allocations.
/// </remarks>
public interface IMediaTransport
{
    ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default);

    ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default);
}
