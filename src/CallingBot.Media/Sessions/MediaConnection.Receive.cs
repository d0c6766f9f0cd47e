using System.Buffers;
using System.Net.WebSockets;
using CallingBot.Media.Streaming;

namespace CallingBot.Media.Sessions;

public sealed partial class MediaConnection
{
    private const int InitialBufferBytes = AudioStreamingDecoder.DefaultMaxMessageBytes;

    /// <summary>
    /// The socket's receive loop: one complete message at a time into a pooled buffer, bounded exactly, then handed
    /// to the <see cref="MediaStreamDispatcher"/>, which feeds the pipeline (never blocking). Returns why it ended.
    /// </summary>
    internal async Task<string> ReceiveAsync(CancellationToken aborted)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferBytes);
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    if (length == buffer.Length)
                    {
                        // Room for one byte past the largest message, so a message over it is seen whole or not at all.
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, _options.MaxVideoMessageBytes + 1L));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), aborted).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await _transport.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", aborted).ConfigureAwait(false);
                        return "closed by the service";
                    }

                    length += result.Count;

                    // Exact limits: pooled buffers can be larger than asked for, so the length is what counts.
                    if (result.MessageType == WebSocketMessageType.Text && length > AudioStreamingDecoder.DefaultMaxMessageBytes)
                    {
                        await CloseAfterViolationAsync(WebSocketCloseStatus.MessageTooBig, "audio message too big", aborted).ConfigureAwait(false);
                        return "audio message too big";
                    }

                    if (length > _options.MaxVideoMessageBytes)
                    {
                        await CloseAfterViolationAsync(WebSocketCloseStatus.MessageTooBig, "message too big", aborted).ConfigureAwait(false);
                        return "message too big";
                    }
                }
                while (!result.EndOfMessage);

                try
                {
                    _dispatcher.Dispatch(buffer.AsSpan(0, length), isText: result.MessageType == WebSocketMessageType.Text);
                }
                catch (MediaProtocolException exception) when (DropMalformedMessages && result.MessageType == WebSocketMessageType.Text)
                {
                    Statistics.RecordMessageRejected();
                    MediaSessionLog.MessageRejected(_logger, CallId, exception.Message);
                }
                catch (MediaProtocolException exception)
                {
                    MediaSessionLog.ProtocolViolation(_logger, exception, CallId);
                    await CloseAfterViolationAsync(WebSocketCloseStatus.InvalidPayloadData, "invalid media message", aborted).ConfigureAwait(false);
                    return "protocol violation";
                }
            }
        }
        catch (OperationCanceledException) when (aborted.IsCancellationRequested)
        {
            return "connection aborted";
        }
        catch (WebSocketException exception)
        {
            MediaSessionLog.SocketFailed(_logger, exception, CallId);
            return "socket failed";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Closes the socket with <paramref name="status"/>, then reads and discards what the peer still sends until its
    /// close frame arrives or <see cref="MediaEndpointOptions.CloseTimeout"/> passes. Returning at once would end the
    /// connection under a peer that is still sending, which resets it before the peer has read why it was closed.
    /// </summary>
    private async Task CloseAfterViolationAsync(WebSocketCloseStatus status, string description, CancellationToken aborted)
    {
        using var deadline = new CancellationTokenSource(_options.CloseTimeout, _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        await _transport.CloseAsync(status, description, linked.Token).ConfigureAwait(false);
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (_socket.State == WebSocketState.CloseSent)
            {
                var result = await _socket.ReceiveAsync(scratch.AsMemory(), linked.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            // The peer went away or did not answer in time: the connection ends either way.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }
}
