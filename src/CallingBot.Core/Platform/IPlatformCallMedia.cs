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
}
