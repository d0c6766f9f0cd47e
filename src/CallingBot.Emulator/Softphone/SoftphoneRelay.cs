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
    private readonly CancellationTokenSource _stopping = new();
    private int _open;

    /// <summary>Sockets open now.</summary>
    public int OpenConnections => Volatile.Read(ref _open);

    public ParticipantAudioSource? SourceFor(string callId, string participantId) =>
        _sessions.TryGetValue(Key(callId, participantId), out var session) ? session.Voice : null;

    public void OnBotAudio(string callId, ReadOnlySpan<byte> pcm)
    {
        foreach (var session in _sessions.Values)
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
        if (!call.IsTerminated)
        {
            return;
        }

        foreach (var session in _sessions.Values)
        {
            if (string.Equals(session.CallId, call.Id, StringComparison.OrdinalIgnoreCase))
            {
                session.End(WebSocketCloseStatus.NormalClosure, "The call ended.");
            }
        }
    }

    /// <summary>
    /// Runs one page's socket until it closes, the call ends or the emulator stops. <paramref name="refusal"/> (set when
    /// the call or participant cannot take a page) closes the socket at once with that reason.
    /// </summary>
    public async Task RunAsync(WebSocket socket, string callId, string participantId, string? refusal, CancellationToken aborted)
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

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(aborted, _stopping.Token);
        var session = new Session(callId, participantId, stop);
        try
        {
            if (!_sessions.TryAdd(Key(callId, participantId), session))
            {
                var reason = $"Another page already speaks as participant {participantId} of this call.";
                Log.Refused(logger, callId, reason);
                await CloseQuietlyAsync(socket, WebSocketCloseStatus.PolicyViolation, reason).ConfigureAwait(false);
                return;
            }

            Log.Opened(logger, callId, participantId);
            var sending = SendAsync(socket, session, stop.Token);
            var (status, why) = await ReceiveAsync(socket, session, stop.Token).ConfigureAwait(false);
            if (session.Ending is { } ending)
            {
                (status, why) = ending;
            }

            await stop.CancelAsync().ConfigureAwait(false);
            await IgnoreCancellation(sending).ConfigureAwait(false);
            if (status != WebSocketCloseStatus.NormalClosure)
            {
                Log.FrameRejected(logger, callId, participantId, why);
            }

            await CloseQuietlyAsync(socket, status, why).ConfigureAwait(false);
            Log.Closed(logger, callId, participantId, session.Voice.FramesReceived, session.Voice.FramesDropped, session.FramesSent, Interlocked.Read(ref session.FramesDroppedOut));
        }
        finally
        {
            _sessions.TryRemove(new KeyValuePair<string, Session>(Key(callId, participantId), session));
            Interlocked.Decrement(ref _open);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private async Task<(WebSocketCloseStatus Status, string Reason)> ReceiveAsync(WebSocket socket, Session session, CancellationToken cancellationToken)
    {
        var limiter = new FrameRateLimiter(time);
        var buffer = new byte[PageFrames.FrameBytes + 1];
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await socket.ReceiveAsync(buffer.AsMemory(Math.Min(length, PageFrames.FrameBytes)), cancellationToken).ConfigureAwait(false);
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

                session.Voice.Push(buffer.AsSpan(0, PageFrames.FrameBytes));
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (WebSocketException)
        {
        }

        return session.Ending ?? (WebSocketCloseStatus.EndpointUnavailable, "The emulator is stopping.");
    }

    private static async Task SendAsync(WebSocket socket, Session session, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var frame in session.Outgoing.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
            {
                await socket.SendAsync(frame, WebSocketMessageType.Binary, endOfMessage: true, cancellationToken).ConfigureAwait(false);
                Interlocked.Increment(ref session.FramesSent);
            }
        }
        catch (WebSocketException)
        {
            session.Cancel();
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
        public long FramesSent;
        public long FramesDroppedOut;
        private readonly CancellationTokenSource _stop;
        private (WebSocketCloseStatus, string)? _ending;

        public Session(string callId, string participantId, CancellationTokenSource stop)
        {
            CallId = callId;
            ParticipantId = participantId;
            _stop = stop;
            Outgoing = Channel.CreateBounded<byte[]>(
                new BoundedChannelOptions(MaxOutgoingFrames) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                _ => Interlocked.Increment(ref FramesDroppedOut));
        }

        public string CallId { get; }

        public string ParticipantId { get; }

        public BrowserAudioSource Voice { get; } = new();

        /// <summary>Frames of the bot towards the page; the oldest are dropped when the page reads too slowly.</summary>
        public Channel<byte[]> Outgoing { get; }

        public (WebSocketCloseStatus Status, string Reason)? Ending => _ending;

        public void End(WebSocketCloseStatus status, string reason)
        {
            _ending ??= (status, reason);
            Cancel();
        }

        public void Cancel()
        {
            try
            {
                _stop.Cancel();
            }
            catch (ObjectDisposedException)
            {
            }
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
