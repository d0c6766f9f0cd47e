using CallingBot.Core.Media;
using CallingBot.Media.Diagnostics;

namespace CallingBot.Core.Platform;

/// <summary>
/// Implemented by an <see cref="IPlatformCall"/> that can carry app-hosted media: gives the call's media once its
/// connection is up, and releases it when the call is removed.
/// </summary>
public interface IPlatformCallMedia
{
    /// <summary>Completes when the calling service has connected the call's media.</summary>
    Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken);

    /// <summary>Closes the media connection and disposes the pipeline (processors flush). Idempotent.</summary>
    ValueTask CloseMediaAsync();

    /// <summary>The media pipeline's counters, or null when the call's media never connected. Readable after <see cref="CloseMediaAsync"/>.</summary>
    MediaStatisticsSnapshot? MediaStatistics => null;

    /// <summary>
    /// Asks the calling service to stream the call's media (again); completes when it has started. Completes at once
    /// when the media is streaming. After a stop, <see cref="GetMediaAsync"/> gives the new stream's media.
    /// </summary>
    /// <exception cref="NotSupportedException">The platform streams app-hosted media for the whole call (Teams).</exception>
    Task StartMediaStreamingAsync(CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("This calling platform streams app-hosted media for the whole call; it cannot start or stop the stream (StartMediaStreamingAsync)."));

    /// <summary>
    /// Asks the calling service to stop streaming the call's media; completes when it has stopped (the media's
    /// <see cref="ICallMedia.Disconnected"/> then fires). Completes at once when the media is not streaming.
    /// </summary>
    /// <exception cref="NotSupportedException">The platform streams app-hosted media for the whole call (Teams).</exception>
    Task StopMediaStreamingAsync(CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("This calling platform streams app-hosted media for the whole call; it cannot start or stop the stream (StopMediaStreamingAsync)."));
}
