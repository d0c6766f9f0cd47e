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
/// completed by MediaStreamingStarted / MediaStreamingStopped (MediaStreamingFailed fails them). Each time streaming
/// starts, ACS opens a new socket to the same URL; each stream gets its own pipeline.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Design", "CA1001:Types that own disposable fields should be disposable", Justification = "The streaming gate's wait handle is never created; it lives as long as the call.")]
public sealed partial class AcsPlatformCall : IPlatformCallMedia
{
    private readonly SemaphoreSlim _streamingGate = new(1, 1);
    private TaskCompletionSource _streamingFailed = NewFailure();
    private MediaSession? _media;
    private AcsCallMedia? _mediaView;
    private int _streaming;

    /// <summary>The counters of the call's media over every stream it had; null when it never connected.</summary>
    public MediaStatisticsSnapshot? MediaStatistics => Volatile.Read(ref _media)?.SnapshotStatistics();

    /// <summary>
    /// The current stream's media once ACS has connected its socket. When the media is not streaming (the call was
    /// answered or created with <c>startMediaStreaming: false</c>, <c>CallingBot:Acs:StartMediaStreaming</c>, or the
    /// stream was stopped), this starts it first.
    /// </summary>
    public async Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken)
    {
        var session = Session();
        await StartStreamingAsync(session, cancellationToken).ConfigureAwait(false);

        var failed = Volatile.Read(ref _streamingFailed).Task;
        var connected = session.WaitConnectedAsync(cancellationToken);
        if (await Task.WhenAny(connected, failed).ConfigureAwait(false) != connected)
        {
            await failed.ConfigureAwait(false);
        }

        var connection = await connected.ConfigureAwait(false);
        var current = Volatile.Read(ref _mediaView);
        if (current?.Connection == connection)
        {
            return current;
        }

        var view = new AcsCallMedia(connection);
        return Interlocked.CompareExchange(ref _mediaView, view, current) == current ? view : Volatile.Read(ref _mediaView)!;
    }

    public ValueTask CloseMediaAsync() => Volatile.Read(ref _media)?.CloseAsync() ?? ValueTask.CompletedTask;

    /// <summary>
    /// Start Media Streaming (<c>POST …:startMediaStreaming</c>), completed by MediaStreamingStarted; after a stop, ACS
    /// connects a new socket, whose media (with a new pipeline) <see cref="GetMediaAsync"/> then gives. Completes at
    /// once when the media is streaming.
    /// </summary>
    /// <exception cref="InvalidOperationException">The call has no media session (it is not app-hosted) or ended.</exception>
    public Task StartMediaStreamingAsync(CancellationToken cancellationToken) => StartStreamingAsync(Session(), cancellationToken);

    /// <summary>
    /// Stop Media Streaming (<c>POST …:stopMediaStreaming</c>), completed by MediaStreamingStopped; ACS then closes the
    /// media socket. Completes at once when the media is not streaming.
    /// </summary>
    /// <exception cref="InvalidOperationException">The call has no media session (it is not app-hosted).</exception>
    public async Task StopMediaStreamingAsync(CancellationToken cancellationToken)
    {
        _ = Session();
        await _streamingGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _streaming) == 0)
            {
                return;
            }

            await RunActionAsync("stopMediaStreaming", "StopMediaStreaming", StreamingRequest(), cancellationToken).ConfigureAwait(false);
            Volatile.Write(ref _streaming, 0);
        }
        finally
        {
            _streamingGate.Release();
        }
    }

    /// <summary>
    /// ACS reported MediaStreamingFailed for streaming no action waits for (asked for at answer or Create Call): the
    /// handler's wait for the media fails instead of lasting as long as the call, and a later
    /// <see cref="GetMediaAsync"/> asks for the stream again.
    /// </summary>
    internal void OnMediaStreamingFailed(string reason)
    {
        Volatile.Write(ref _streaming, 0);
        var failed = Volatile.Read(ref _streamingFailed);
        if (failed.TrySetException(new PlatformException(PlatformErrorKind.Other, $"ACS reported MediaStreamingFailed: {reason}")))
        {
            _ = failed.Task.Exception;
        }
    }

    /// <summary>ACS stopped streaming without being asked (MediaStreamingStopped answering no action).</summary>
    internal void OnMediaStreamingStopped() => Volatile.Write(ref _streaming, 0);

    /// <summary>Binds the media session opened for the call; <paramref name="started"/> when ACS streams at once.</summary>
    internal void AttachMedia(MediaSession session, bool started)
    {
        Volatile.Write(ref _media, session);
        Volatile.Write(ref _streaming, started ? 1 : 0);
    }

    private static TaskCompletionSource NewFailure() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private MediaSession Session() =>
        Volatile.Read(ref _media) ?? throw new InvalidOperationException($"Call {CallId} has no app-hosted media session: answer or place it with MediaHosting.AppHosted.");

    /// <summary>
    /// Sends Start Media Streaming unless the media is streaming. The session is told to expect ACS's next socket
    /// before the request goes out (ACS may connect before its response arrives) and takes it back when ACS refuses.
    /// </summary>
    private async Task StartStreamingAsync(MediaSession session, CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _streaming) == 1)
        {
            return;
        }

        await _streamingGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (Volatile.Read(ref _streaming) == 1)
            {
                return;
            }

            session.ExpectNextConnection();
            Volatile.Write(ref _streamingFailed, NewFailure());
            try
            {
                await RunActionAsync("startMediaStreaming", "StartMediaStreaming", StreamingRequest(), cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                session.WithdrawExpectation();
                throw;
            }

            Volatile.Write(ref _streaming, 1);
        }
        finally
        {
            _streamingGate.Release();
        }
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
