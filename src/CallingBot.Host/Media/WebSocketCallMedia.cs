using System.Net.WebSockets;
using CallingBot.Core.Media;
using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;

namespace CallingBot.Host.Media;

/// <summary>The media of one call over its WebSocket: the pipeline and the transport under it.</summary>
public sealed class WebSocketCallMedia : ICallMedia, IAsyncDisposable
{
    private readonly WebSocketMediaTransport _transport;
    private readonly CancellationTokenSource _disconnected = new();
    private readonly CancellationToken _disconnectedToken;
    private readonly TimeSpan _closeTimeout;
    private readonly TimeProvider _time;
    private int _disposed;

    public WebSocketCallMedia(string callId, WebSocketMediaTransport transport, MediaPipeline pipeline, TimeSpan closeTimeout, TimeProvider time)
    {
        CallId = callId;
        _transport = transport ?? throw new ArgumentNullException(nameof(transport));
        Pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _closeTimeout = closeTimeout;
        _time = time;

        // Read once: the token must stay observable after the media is disposed.
        _disconnectedToken = _disconnected.Token;
    }

    public string CallId { get; }

    public MediaPipeline Pipeline { get; }

    public AudioSender Sender => Pipeline.Sender;

    public AudioFormat Format => Pipeline.Format;

    public MediaStatistics Statistics => Pipeline.Statistics;

    public CancellationToken Disconnected => _disconnectedToken;

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

    /// <summary>Drains and disposes the pipeline (recorders close their files), then closes the socket.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await Pipeline.DisposeAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(_closeTimeout, _time))
        {
            await _transport.CloseAsync(WebSocketCloseStatus.NormalClosure, "call ended", timeout.Token).ConfigureAwait(false);
        }

        OnDisconnected();
        _transport.Dispose();
        _disconnected.Dispose();
    }
}
