using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Threading.Channels;
using CallingBot.Emulator.Calls;
using CallingBot.Emulator.Diagnostics;
using CallingBot.Emulator.Media;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Softphone;

/// <summary>
/// Relays audio between softphone pages and app-hosted calls. Each page socket speaks as one participant of one call:
/// its frames become that participant's voice on the call's media stream (<see cref="BrowserAudioSource"/>), and every
/// frame the bot sends on the call's media socket is sent to it. At most <see cref="SoftphoneOptions.MaxAudioConnections"/>
/// sockets at once, one per participant; queues are bounded both ways; frames are checked for size and rate and a page
/// that breaks the rules is disconnected with a close reason that says which. Sockets close when their call ends.
/// </summary>
internal sealed partial class SoftphoneRelay(SoftphoneOptions options, TimeProvider time, ILogger<SoftphoneRelay> logger) : IBrowserAudio, IAsyncDisposable
{
    /// <summary>Frames (20 ms each) queued towards one page at most: 500 ms; the oldest are dropped past it.</summary>
    public const int MaxOutgoingFrames = 25;

    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.OrdinalIgnoreCase);
    private volatile bool _stopping;
    private int _open;

    /// <summary>Sockets open now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    // Called per participant and frame of every app-hosted call: cheap when no page is open.
    public ParticipantAudioSource? SourceFor(string callId, string participantId) =>
        !_sessions.IsEmpty && _sessions.TryGetValue(Key(callId, participantId), out var session) ? session.Voice : null;

    public void OnBotAudio(string callId, ReadOnlySpan<byte> pcm)
    {
        if (_sessions.IsEmpty)
        {
            return;
        }

        // The enumerator takes no locks and copies nothing (Values would do both, for every frame).
        foreach (var (_, session) in _sessions)
        {
            if (string.Equals(session.CallId, callId, StringComparison.OrdinalIgnoreCase))
            {
                session.Outgoing.Writer.TryWrite(pcm.ToArray());
            }
        }
    }

    /// <summary>Closes the sockets of a call that ended.</summary>
    public void OnCallChanged(EmulatedCall call)
    {
        if (_sessions.IsEmpty || !call.IsTerminated)
        {
            return;
        }

        foreach (var (_, session) in _sessions)
        {
            if (string.Equals(session.CallId, call.Id, StringComparison.OrdinalIgnoreCase))
            {
                session.End(WebSocketCloseStatus.NormalClosure, "The call ended.");
            }
        }
    }

    /// <summary>
    /// Runs one page's socket until it closes, the call ends or the emulator stops. <paramref name="refusal"/> (set when
    /// the call or participant cannot take a page) closes the socket at once with that reason. <paramref name="callEnded"/>
    /// catches a call that ended between the endpoint's check and the session's start.
    /// </summary>
    public async Task RunAsync(WebSocket socket, string callId, string participantId, string? refusal, Func<bool> callEnded)
    {
        if (refusal is not null)
        {
            Log.Refused(logger, callId, refusal);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, refusal).ConfigureAwait(false);
            return;
        }

        if (Interlocked.Increment(ref _open) > options.MaxAudioConnections)
        {
            Interlocked.Decrement(ref _open);
            var reason = $"{options.MaxAudioConnections} softphone audio connections are open (Emulator:Softphone:MaxAudioConnections); close one first.";
            Log.Refused(logger, callId, reason);
            await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, reason).ConfigureAwait(false);
            return;
        }

        var session = new Session(callId, participantId, socket);
        try
        {
            if (!_sessions.TryAdd(Key(callId, participantId), session))
            {
                var reason = $"Another page already speaks as participant {participantId} of this call.";
                Log.Refused(logger, callId, reason);
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, reason).ConfigureAwait(false);
                return;
            }

            if (_stopping)
            {
                session.End(WebSocketCloseStatus.EndpointUnavailable, "The emulator is stopping.");
            }
            else if (callEnded())
            {
                session.End(WebSocketCloseStatus.NormalClosure, "The call ended.");
            }

            Log.Opened(logger, callId, participantId);

            // One loop receives, one sends (a WebSocket takes one of each at a time). Neither is ever cancelled, which
            // would abort the socket: the sender closes it with the reason once the session ends, and the receiver
            // returns when the page answers that close, closes it, breaks a rule, or the socket fails.
            var sending = SendAsync(socket, session);
            var (status, why) = await ReceiveAsync(socket, session).ConfigureAwait(false);
            session.End(status, why);
            await sending.ConfigureAwait(false);
            var (endStatus, endReason) = session.Ending!.Value;
            if (endStatus is not (WebSocketCloseStatus.NormalClosure or WebSocketCloseStatus.EndpointUnavailable))
            {
                Log.FrameRejected(logger, callId, participantId, endReason);
            }

            Log.Closed(logger, callId, participantId, session.Voice.FramesReceived, session.Voice.FramesDropped, Interlocked.Read(ref session.FramesSent), Interlocked.Read(ref session.FramesDroppedOut));
        }
        finally
        {
            _sessions.TryRemove(new KeyValuePair<string, Session>(Key(callId, participantId), session));
            Interlocked.Decrement(ref _open);
        }
    }

    /// <summary>Ends every page's socket (the emulator stops).</summary>
    public ValueTask DisposeAsync()
    {
        _stopping = true;
        foreach (var (_, session) in _sessions)
        {
            session.End(WebSocketCloseStatus.EndpointUnavailable, "The emulator is stopping.");
        }

        return ValueTask.CompletedTask;
    }

    private async Task<(WebSocketCloseStatus Status, string Reason)> ReceiveAsync(WebSocket socket, Session session)
    {
        var limiter = new FrameRateLimiter(time);
        var buffer = new byte[PageFrames.FrameBytes + 1];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(Math.Min(length, PageFrames.FrameBytes)), CancellationToken.None).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        return (WebSocketCloseStatus.NormalClosure, "Closed by the page.");
                    }

                    length += result.Count;
                    if (length > PageFrames.FrameBytes && PageFrames.Check(result.MessageType, length) is { } tooBig)
                    {
                        return tooBig;
                    }
                }
                while (!result.EndOfMessage);

                if (PageFrames.Check(result.MessageType, length) is { } problem)
                {
                    return problem;
                }

                if (!limiter.TryTake())
                {
                    return (WebSocketCloseStatus.PolicyViolation, $"The page sent audio faster than real time (more than {FrameRateLimiter.FramesPerSecond:0} frames a second).");
                }

                if (session.Ending is null)
                {
                    session.Voice.Push(buffer.AsSpan(0, PageFrames.FrameBytes));
                }
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            return (WebSocketCloseStatus.EndpointUnavailable, "The connection failed.");
        }
    }

    /// <summary>Sends the bot's frames until the session ends, then closes the socket with the session's reason.</summary>
    private static async Task SendAsync(WebSocket socket, Session session)
    {
        try
        {
            await foreach (var frame in session.Outgoing.Reader.ReadAllAsync().ConfigureAwait(false))
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                Interlocked.Increment(ref session.FramesSent);
            }

            var (status, reason) = session.Ending!.Value;
            if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await socket.CloseOutputAsync(status, Truncate(reason), CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or ObjectDisposedException or OperationCanceledException)
        {
            session.End(WebSocketCloseStatus.EndpointUnavailable, "The connection failed.");
            socket.Abort();
        }
    }

    private static async Task CloseQuietlyAsync(WebSocket socket, WebSocketCloseStatus status, string reason)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await socket.CloseAsync(status, Truncate(reason), timeout.Token).ConfigureAwait(false);
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException)
        {
            socket.Abort();
        }
    }

    /// <summary>A close reason is at most 123 bytes of UTF-8.</summary>
    internal static string Truncate(string reason)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(reason) <= 123)
        {
            return reason;
        }

        var cut = reason;
        while (System.Text.Encoding.UTF8.GetByteCount(cut + "…") > 123)
        {
            cut = cut[..^1];
        }

        return cut + "…";
    }

    private static async Task IgnoreCancellation(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private static string Key(string callId, string participantId) => callId + "/" + participantId;

    private sealed class Session
    {
        /// <summary>How long a page has to answer the emulator's close before its socket is aborted.</summary>
        private static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(2);

        public long FramesSent;
        public long FramesDroppedOut;
        private readonly WebSocket _socket;
        private (WebSocketCloseStatus, string)? _ending;
        private int _ended;

        public Session(string callId, string participantId, WebSocket socket)
        {
            CallId = callId;
            ParticipantId = participantId;
            _socket = socket;
            Outgoing = Channel.CreateBounded<byte[]>(
                new BoundedChannelOptions(MaxOutgoingFrames) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref FramesDroppedOut));
        }

        public string CallId { get; }

        public string ParticipantId { get; }

        public BrowserAudioSource Voice { get; } = new();

        /// <summary>Frames of the bot towards the page; the oldest are dropped when the page reads too slowly.</summary>
        public Channel<byte[]> Outgoing { get; }

        /// <summary>Why the session ends (the first reason given), or null while it runs.</summary>
        public (WebSocketCloseStatus Status, string Reason)? Ending => Volatile.Read(ref _ended) == 0 ? null : _ending;

        /// <summary>Ends the session once: the sender closes the socket with this reason; a page that does not answer the close within the grace is cut off.</summary>
        public void End(WebSocketCloseStatus status, string reason)
        {
            if (Interlocked.Exchange(ref _ended, 1) != 0)
            {
                return;
            }

            _ending = (status, reason);
            Outgoing.Writer.TryComplete();
            _ = Task.Delay(CloseGrace).ContinueWith(
                _ =>
                {
                    if (_socket.State is not (WebSocketState.Closed or WebSocketState.Aborted))
                    {
                        _socket.Abort();
                    }
                },
                CancellationToken.None,
                TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.SoftphoneAudioOpened, EventName = nameof(EmulatorEventIds.SoftphoneAudioOpened), Level = LogLevel.Information, Message = "Softphone audio of call {CallId} opened for participant {ParticipantId}")]
        public static partial void Opened(ILogger logger, string callId, string participantId);

        [LoggerMessage(EventId = EmulatorEventIds.SoftphoneAudioClosed, EventName = nameof(EmulatorEventIds.SoftphoneAudioClosed), Level = LogLevel.Information, Message = "Softphone audio of call {CallId} for participant {ParticipantId} closed: {FramesIn} frame(s) in ({DroppedIn} dropped), {FramesOut} out ({DroppedOut} dropped)")]
        public static partial void Closed(ILogger logger, string callId, string participantId, long framesIn, long droppedIn, long framesOut, long droppedOut);

        [LoggerMessage(EventId = EmulatorEventIds.SoftphoneAudioRefused, EventName = nameof(EmulatorEventIds.SoftphoneAudioRefused), Level = LogLevel.Warning, Message = "Softphone audio of call {CallId} refused: {Reason}")]
        public static partial void Refused(ILogger logger, string callId, string reason);

        [LoggerMessage(EventId = EmulatorEventIds.SoftphoneFrameRejected, EventName = nameof(EmulatorEventIds.SoftphoneFrameRejected), Level = LogLevel.Warning, Message = "Softphone audio of call {CallId} for participant {ParticipantId} disconnected: {Reason}")]
        public static partial void FrameRejected(ILogger logger, string callId, string participantId, string reason);
    }
}
