using System.Buffers;
using System.Net.WebSockets;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Streaming;
using CallingBot.Media.Video;
using Microsoft.Extensions.Logging;

namespace CallingBot.Media.Sessions;

/// <summary>
/// <see cref="IMediaTransport"/> over the call's media WebSocket: audio as media streaming JSON (text), video as
/// binary frames. Writes are serialised; an audio send that completes synchronously allocates nothing. After the
/// socket closes, sends are dropped silently.
/// </summary>
internal sealed class WebSocketMediaTransport : IMediaTransport, IDisposable
{
    private readonly WebSocket _socket;
    private readonly AudioStreamingEncoder _encoder = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly ILogger _logger;
    private readonly string _callId;
    private int _closed;

    public WebSocketMediaTransport(WebSocket socket, string callId, ILogger logger)
    {
        _socket = socket ?? throw new ArgumentNullException(nameof(socket));
        _callId = callId;
        _logger = logger;
    }

    public bool IsClosed => Volatile.Read(ref _closed) == 1;

    public ValueTask SendAudioAsync(AudioFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (IsClosed)
        {
            return default;
        }

        if (!_writeLock.Wait(0, CancellationToken.None))
        {
            return SendAudioSlowAsync(frame, cancellationToken);
        }

        ValueTask send;
        try
        {
            send = _socket.SendAsync(_encoder.EncodeOutboundAudio(frame.Data), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            _writeLock.Release();
            MarkFailed(exception);
            return default;
        }

        if (send.IsCompletedSuccessfully)
        {
            send.GetAwaiter().GetResult();
            _writeLock.Release();
            return default;
        }

        return CompleteSendAsync(send);
    }

    /// <summary>Asks the service to drop audio it buffered but has not played yet (barge-in).</summary>
    public async ValueTask SendStopAudioAsync(CancellationToken cancellationToken = default)
    {
        if (IsClosed)
        {
            return;
        }

        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await _socket.SendAsync(_encoder.EncodeStopAudio(), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            MarkFailed(exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    public async ValueTask SendVideoAsync(VideoFrame frame, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (IsClosed)
        {
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(frame.EncodedLength);
        try
        {
            var length = frame.Encode(buffer);
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await _socket.SendAsync(buffer.AsMemory(0, length), WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            MarkFailed(exception);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Stops sending; the socket is closed by its owner.</summary>
    public void MarkClosed() => Volatile.Write(ref _closed, 1);

    /// <summary>Sends a close frame (normal closure), waiting for pending writes; never throws.</summary>
    public async Task CloseAsync(WebSocketCloseStatus status, string description, CancellationToken cancellationToken)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 1 && _socket.State != WebSocketState.Open)
        {
            return;
        }

        try
        {
            await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
                {
                    await _socket.CloseOutputAsync(status, description, cancellationToken).ConfigureAwait(false);
                }
            }
            finally
            {
                _writeLock.Release();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or OperationCanceledException or InvalidOperationException)
        {
            _socket.Abort();
        }
    }

    public void Dispose()
    {
        MarkClosed();
        _encoder.Dispose();
        _writeLock.Dispose();
    }

    private async ValueTask SendAudioSlowAsync(AudioFrame frame, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (IsClosed)
            {
                return;
            }

            await _socket.SendAsync(_encoder.EncodeOutboundAudio(frame.Data), WebSocketMessageType.Text, endOfMessage: true, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            MarkFailed(exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async ValueTask CompleteSendAsync(ValueTask send)
    {
        try
        {
            await send.ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or ObjectDisposedException or InvalidOperationException)
        {
            MarkFailed(exception);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void MarkFailed(Exception exception)
    {
        if (Interlocked.Exchange(ref _closed, 1) == 0)
        {
            MediaSessionLog.SendFailed(_logger, exception, _callId);
        }
    }
}
