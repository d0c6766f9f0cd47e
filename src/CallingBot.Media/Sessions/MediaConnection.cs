using System.Net.WebSockets;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Streaming;
using Microsoft.Extensions.Logging;

namespace CallingBot.Media.Sessions;

/// <summary>
/// The connected media of one call: its WebSocket, the transport over it and the call's <see cref="MediaPipeline"/>.
/// Created by its <see cref="MediaSession"/> when the calling service connects; disposed when the session closes
/// (the call's end), which drains the pipeline, disposes its processors and then closes the socket with 1000.
/// </summary>
public sealed partial class MediaConnection : IAsyncDisposable
{
    private readonly WebSocket _socket;
    private readonly WebSocketMediaTransport _transport;
    private readonly MediaStreamDispatcher _dispatcher;
    private readonly MediaEndpointOptions _options;
    private readonly CancellationTokenSource _disconnected = new();
    private readonly CancellationToken _disconnectedToken;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private int _disposed;

    internal MediaConnection(string callId, WebSocket socket, bool video, AudioFormat audioFormat, MediaEndpointOptions options, TimeProvider time, ILoggerFactory loggerFactory, ILogger logger, MediaMetrics? metrics, MediaClock? clock)
    {
        CallId = callId;
        _socket = socket;
        _options = options;
        _time = time;
        _logger = logger;
        _transport = new WebSocketMediaTransport(socket, callId, logger);
        Pipeline = new MediaPipeline(callId, _transport, new MediaPipelineOptions { AudioFormat = audioFormat, InboundQueueCapacity = options.InboundQueueCapacity, Metrics = metrics, Clock = clock }, time, loggerFactory);

        // An audio-only session ignores binary (video) messages.
        _dispatcher = new MediaStreamDispatcher(Pipeline, Pipeline.Pool, acceptVideo: video);

        // Read once: the token must stay observable after the media is disposed.
        _disconnectedToken = _disconnected.Token;
    }

    public string CallId { get; }

    /// <summary>Drop (and count) a malformed text message instead of closing the socket with 1007.</summary>
    internal bool DropMalformedMessages { get; init; }

    public MediaPipeline Pipeline { get; }

    public AudioSender Sender => Pipeline.Sender;

    public AudioFormat Format => Pipeline.Format;

    public MediaStatistics Statistics => Pipeline.Statistics;

    /// <summary>Cancelled when the socket closes (the service hung up the socket or the call ended).</summary>
    public CancellationToken Disconnected => _disconnectedToken;

    /// <summary>Drains and disposes the pipeline (recorders close their files), then closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Pipeline.DisposeAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(_options.CloseTimeout, _time))
        {
            await _transport.CloseAsync(WebSocketCloseStatus.NormalClosure, "call ended", timeout.Token).ConfigureAwait(false);
        }

        OnDisconnected();
        _transport.Dispose();
        _disconnected.Dispose();
    }

    /// <summary>The socket is gone: stop sending and tell the handler.</summary>
    internal void OnDisconnected()
    {
        _transport.MarkClosed();
        try
        {
            _disconnected.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }
}
