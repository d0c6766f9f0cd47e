using System.Text.Json.Nodes;
using CallingBot.Acs.Media;
using CallingBot.Core.Media;
using CallingBot.Core.Platform;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Sessions;

namespace CallingBot.Acs.Calling;

/// <summary>
/// App-hosted media on ACS: the call's media session (opened on Answer or Create Call with
/// <c>mediaStreamingOptions</c>), whose WebSocket ACS connects to, and the Start/Stop Media Streaming actions,
/// completed by MediaStreamingStarted / MediaStreamingStopped (MediaStreamingFailed fails them).
/// </summary>
public sealed partial class AcsPlatformCall : IPlatformCallMedia
{
    private readonly TaskCompletionSource _streamingFailed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private MediaSession? _media;
    private AcsCallMedia? _mediaView;
    private int _streamingRequested;

    /// <summary>The counters of the call's media once it flowed; null when it never connected.</summary>
    public MediaStatisticsSnapshot? MediaStatistics => Volatile.Read(ref _media)?.Statistics?.Snapshot();

    /// <summary>
    /// The call's media once ACS has connected the media socket. When the call was answered or created with
    /// <c>startMediaStreaming: false</c> (<c>CallingBot:Acs:StartMediaStreaming</c>), the first call starts streaming.
    /// </summary>
    public async Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken)
    {
        var session = Volatile.Read(ref _media) ?? throw new InvalidOperationException($"Call {CallId} has no app-hosted media session.");
        if (Interlocked.Exchange(ref _streamingRequested, 1) == 0)
        {
            try
            {
                await RunActionAsync("startMediaStreaming", "StartMediaStreaming", StreamingRequest(), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                Volatile.Write(ref _streamingRequested, 0);
                throw;
            }
        }

        var connected = session.WaitConnectedAsync(cancellationToken);
        if (await Task.WhenAny(connected, _streamingFailed.Task).ConfigureAwait(false) != connected)
        {
            await _streamingFailed.Task.ConfigureAwait(false);
        }

        var connection = await connected.ConfigureAwait(false);
        var view = new AcsCallMedia(connection);
        return Interlocked.CompareExchange(ref _mediaView, view, null) ?? view;
    }

    public ValueTask CloseMediaAsync() => Volatile.Read(ref _media)?.CloseAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// Start Media Streaming (<c>POST …:startMediaStreaming</c>), completed by MediaStreamingStarted. A call's media
    /// pipeline lives for one media connection: streaming cannot start again once a connection has come and gone.
    /// </summary>
    /// <exception cref="InvalidOperationException">The call has no media session, or its media already connected once.</exception>
    public Task StartMediaStreamingAsync(CancellationToken cancellationToken)
    {
        var session = Volatile.Read(ref _media) ?? throw new InvalidOperationException($"Call {CallId} has no app-hosted media session: answer or place it with MediaHosting.AppHosted.");
        if (session.IsConnected)
        {
            throw new InvalidOperationException($"The media of call {CallId} already connected once; ACS media streaming cannot be restarted on the same media pipeline.");
        }

        Volatile.Write(ref _streamingRequested, 1);
        return RunActionAsync("startMediaStreaming", "StartMediaStreaming", StreamingRequest(), cancellationToken);
    }

    /// <summary>Stop Media Streaming (<c>POST …:stopMediaStreaming</c>), completed by MediaStreamingStopped; ACS then closes the media socket.</summary>
    public Task StopMediaStreamingAsync(CancellationToken cancellationToken)
    {
        _ = Volatile.Read(ref _media) ?? throw new InvalidOperationException($"Call {CallId} has no app-hosted media session.");
        return RunActionAsync("stopMediaStreaming", "StopMediaStreaming", StreamingRequest(), cancellationToken);
    }

    /// <summary>
    /// ACS reported MediaStreamingFailed for streaming no action waits for (asked for at answer or Create Call): the
    /// handler's wait for the media fails instead of lasting as long as the call.
    /// </summary>
    internal void OnMediaStreamingFailed(string reason)
    {
        if (_streamingFailed.TrySetException(new PlatformException(PlatformErrorKind.Other, $"ACS reported MediaStreamingFailed: {reason}")))
        {
            _ = _streamingFailed.Task.Exception;
        }
    }

    /// <summary>Binds the media session opened for the call; <paramref name="started"/> when ACS streams at once.</summary>
    internal void AttachMedia(MediaSession session, bool started)
    {
        Volatile.Write(ref _media, session);
        Volatile.Write(ref _streamingRequested, started ? 1 : 0);
    }

    private JsonObject StreamingRequest()
    {
        var request = new JsonObject();
        if (_platform is { } platform)
        {
            request["operationCallbackUri"] = platform.ResolveCallbackUrl().AbsoluteUri;
        }

        return request;
    }
}
