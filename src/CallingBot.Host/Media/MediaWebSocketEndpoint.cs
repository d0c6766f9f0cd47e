using System.Buffers;
using System.Net.WebSockets;
using CallingBot.Core.Registry;
using CallingBot.Graph.Media;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Streaming;
using CallingBot.Media.Video;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Media;

/// <summary>
/// <c>/media/{sessionId}?token=…</c>: the calling service's media WebSocket for one app-hosted call. The session and
/// its secret are checked before the upgrade is accepted; then the request runs the socket's receive loop, feeding
/// the call's pipeline (which never blocks it) until the socket or the call closes.
/// </summary>
public sealed class MediaWebSocketEndpoint(
    MediaSessionRegistry registry,
    ICallRegistry calls,
    IOptions<MediaEndpointOptions> options,
    TimeProvider time,
    ILoggerFactory loggerFactory)
{
    private const int InitialBufferBytes = AudioStreamingDecoder.DefaultMaxMessageBytes;

    private readonly ILogger _logger = loggerFactory.CreateLogger<MediaWebSocketEndpoint>();

    public async Task HandleAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var rawId = context.Request.RouteValues["sessionId"] as string ?? string.Empty;
        if (!context.WebSockets.IsWebSocketRequest)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, rawId, "not a WebSocket request").ConfigureAwait(false);
            return;
        }

        if (!Guid.TryParseExact(rawId, "N", out var sessionId) || registry.Find(sessionId) is not { } entry)
        {
            await RefuseAsync(context, StatusCodes.Status404NotFound, rawId, "unknown media session").ConfigureAwait(false);
            return;
        }

        var presented = context.Request.Query["token"];
        if (presented.Count != 1 || !entry.VerifyToken(presented[0]))
        {
            await RefuseAsync(context, StatusCodes.Status401Unauthorized, rawId, "missing or wrong token").ConfigureAwait(false);
            return;
        }

        var settings = options.Value;
        if (entry.CallId is null && !await WaitBoundAsync(entry, settings.BindTimeout, context.RequestAborted).ConfigureAwait(false))
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, rawId, "the session's call is not known").ConfigureAwait(false);
            return;
        }

        if (calls.GetStatus(entry.CallId!) == CallStatus.Ended)
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, rawId, "the session's call ended").ConfigureAwait(false);
            return;
        }

        if (entry.IsConnected || entry.IsClosed)
        {
            await RefuseAsync(context, StatusCodes.Status409Conflict, rawId, entry.IsClosed ? "the session is closed" : "the session is already connected").ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext { KeepAliveInterval = settings.KeepAliveInterval }).ConfigureAwait(false);
        var callId = entry.CallId!;
        var transport = new WebSocketMediaTransport(socket, callId, _logger);
        var pipeline = new MediaPipeline(callId, transport, new MediaPipelineOptions { InboundQueueCapacity = settings.InboundQueueCapacity }, time, loggerFactory);
        var media = new WebSocketCallMedia(callId, transport, pipeline, settings.CloseTimeout, time);
        if (!entry.TryAttach(media))
        {
            await media.DisposeAsync().ConfigureAwait(false);
            MediaEndpointLog.Refused(_logger, rawId, "the session closed or connected meanwhile");
            return;
        }

        MediaEndpointLog.Connected(_logger, callId, sessionId);
        var reason = await ReceiveAsync(socket, pipeline, transport, settings, entry.Video, callId, context.RequestAborted).ConfigureAwait(false);
        media.OnDisconnected();
        var statistics = pipeline.Statistics;
        MediaEndpointLog.Disconnected(_logger, callId, reason, statistics.FramesReceived, statistics.FramesSent, statistics.FramesDropped);
    }

    private async Task<string> ReceiveAsync(WebSocket socket, MediaPipeline pipeline, WebSocketMediaTransport transport, MediaEndpointOptions settings, bool video, string callId, CancellationToken aborted)
    {
        var decoder = new AudioStreamingDecoder(pipeline.Pool);
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
                        var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min(2L * buffer.Length, settings.MaxVideoMessageBytes + 1L));
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), aborted).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        await transport.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", aborted).ConfigureAwait(false);
                        return "closed by the service";
                    }

                    length += result.Count;

                    // Exact limits: pooled buffers can be larger than asked for, so the length is what counts.
                    if (result.MessageType == WebSocketMessageType.Text && length > AudioStreamingDecoder.DefaultMaxMessageBytes)
                    {
                        await CloseAfterViolationAsync(socket, transport, WebSocketCloseStatus.MessageTooBig, "audio message too big", settings.CloseTimeout, aborted).ConfigureAwait(false);
                        return "audio message too big";
                    }

                    if (length > settings.MaxVideoMessageBytes)
                    {
                        await CloseAfterViolationAsync(socket, transport, WebSocketCloseStatus.MessageTooBig, "message too big", settings.CloseTimeout, aborted).ConfigureAwait(false);
                        return "message too big";
                    }
                }
                while (!result.EndOfMessage);

                try
                {
                    if (result.MessageType == WebSocketMessageType.Text)
                    {
                        var message = decoder.Decode(buffer.AsSpan(0, length));
                        if (message.Frame is { } frame)
                        {
                            pipeline.OnAudioReceived(frame);
                        }
                    }
                    else if (video)
                    {
                        pipeline.OnVideoReceived(VideoFrame.Decode(buffer.AsSpan(0, length)));
                    }
                }
                catch (MediaProtocolException exception)
                {
                    MediaEndpointLog.ProtocolViolation(_logger, exception, callId);
                    await CloseAfterViolationAsync(socket, transport, WebSocketCloseStatus.InvalidPayloadData, "invalid media message", settings.CloseTimeout, aborted).ConfigureAwait(false);
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
            MediaEndpointLog.SocketFailed(_logger, exception, callId);
            return "socket failed";
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Closes the socket with <paramref name="status"/>, then reads and discards what the peer still sends until its
    /// close frame arrives or <paramref name="timeout"/> passes. Returning at once would end the connection under a
    /// peer that is still sending, which resets it before the peer has read why it was closed.
    /// </summary>
    private async Task CloseAfterViolationAsync(WebSocket socket, WebSocketMediaTransport transport, WebSocketCloseStatus status, string description, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        await transport.CloseAsync(status, description, linked.Token).ConfigureAwait(false);
        var scratch = ArrayPool<byte>.Shared.Rent(4096);
        try
        {
            while (socket.State == WebSocketState.CloseSent)
            {
                var result = await socket.ReceiveAsync(scratch.AsMemory(), linked.Token).ConfigureAwait(false);
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

    /// <summary>
    /// A call the bot places (or a meeting it joins) learns its id from the service's <c>201 Created</c>; the service
    /// may connect the media of the established call before the bot has processed that response. The connection waits
    /// for the id so the call's media and pipeline carry it. False when the session closed, the wait timed out or the
    /// request was aborted.
    /// </summary>
    private async Task<bool> WaitBoundAsync(MediaSessionEntry entry, TimeSpan timeout, CancellationToken aborted)
    {
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, aborted);
        try
        {
            await entry.WaitBoundAsync(linked.Token).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>A caller-supplied session id as it may be logged: at most 64 characters, control characters replaced.</summary>
    internal static string LoggableId(string raw) => raw.Length > 64 ? raw[..64] : raw;

    private async Task RefuseAsync(HttpContext context, int status, string sessionId, string reason)
    {
        MediaEndpointLog.Refused(_logger, LoggableId(sessionId), reason);
        context.Response.StatusCode = status;
        await Results.Problem(statusCode: status, title: "Media connection refused", detail: reason).ExecuteAsync(context).ConfigureAwait(false);
    }
}
