using System.Buffers;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CallingBot.Emulator.Diagnostics;
using Microsoft.Extensions.Logging;

namespace CallingBot.Emulator.Media;

/// <summary>
/// The emulator's media connection for one app-hosted call: connects to the bot's endpoint from the blob, streams each
/// simulated participant's audio every 20 ms on a drift-free schedule (slot n is due at start + n × 20 ms on the
/// emulator's clock), optionally video, and keeps what the bot sends. Its frames wait on the emulator's shared
/// <see cref="FrameScheduler"/>, each on the stream's own phase (its start).
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Reliability", "CA1001:Types that own disposable fields should be disposable", Justification = "RunAsync disposes them when the stream ends; Stop() tolerates that.")]
internal sealed partial class EmulatedMediaStream
{
    private static readonly TimeSpan FrameDuration = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan LateThreshold = TimeSpan.FromMilliseconds(5);
    private static readonly TimeSpan MaxCatchUp = TimeSpan.FromMilliseconds(200);
    private const int MaxMessageBytes = 4 * 1024 * 1024;

    private readonly MediaStreamManager _owner;
    private readonly MediaBlob _blob;
    private readonly X509Certificate2 _trusted;
    private readonly TimeProvider _time;
    private readonly FrameScheduler _scheduler;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stop = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private readonly Dictionary<string, (MediaSourceSpec Spec, ParticipantAudioSource Source)> _sources = new(StringComparer.Ordinal);
    private readonly KeptAudio _sent;
    private readonly KeptAudio _received;
    private ClientWebSocket? _socket;
    private (string Id, bool Muted)[] _participants = [];
    private TaskCompletionSource? _changed;
    private long _start;
    private string _state = "connecting";
    private string? _error;
    private int? _closeStatus;
    private long _framesSent;
    private long _messagesSent;
    private long _lateSends;
    private long _skippedSlots;
    private long _videoSkipped;
    private long _framesReceived;
    private long _stopAudio;
    private long _unknown;
    private long _videoSent;
    private long _videoReceived;

    /// <param name="scheduler">Paces the frames; shared by the emulator's streams and on the same clock as <paramref name="time"/>.</param>
    public EmulatedMediaStream(string callId, MediaBlob blob, CallMediaOptions options, MediaStreamManager owner, X509Certificate2 trusted, TimeProvider time, FrameScheduler scheduler, ILogger logger)
    {
        CallId = callId;
        _blob = blob;
        Options = options;
        _owner = owner;
        _trusted = trusted;
        _time = time;
        _scheduler = scheduler;
        _logger = logger;
        _sent = new KeptAudio(options.KeepSeconds);
        _received = new KeptAudio(options.KeepSeconds);
    }

    public string CallId { get; }

    /// <summary>The <c>subscriptionId</c> of the stream's AudioMetadata; the call id unless set (ACS: the call's media subscription id).</summary>
    public string? SubscriptionId { get; init; }

    /// <summary>The sample rate on the wire: 16 kHz, or 24 kHz for an ACS <c>pcm24KMono</c> stream (resampled both ways).</summary>
    public int WireSampleRate { get; init; } = ParticipantAudioSource.SampleRate;

    /// <summary>Told "connected", "failed" (with the error) or "closed" as the stream's socket changes; must not block.</summary>
    public Action<string, string?>? StateChanged { get; init; }

    public CallMediaOptions Options { get; }

    public Task Completion { get; private set; } = Task.CompletedTask;

    public bool IsStopped => _stop.IsCancellationRequested;

    /// <summary>Replaces the participants that speak (the bot excluded). Cheap; called on every roster change.</summary>
    public void UpdateParticipants((string Id, bool Muted)[] participants) => Volatile.Write(ref _participants, participants);

    public void Start() => Completion = RunAsync();

    public void Stop()
    {
        try
        {
            _stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
        }
    }

    /// <summary>Completes at the next change of state or counters.</summary>
    public Task WhenChanged()
    {
        var current = Volatile.Read(ref _changed);
        if (current is not null)
        {
            return current.Task;
        }

        var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        return (Interlocked.CompareExchange(ref _changed, created, null) ?? created).Task;
    }

    public byte[] ReceivedPcm() => _received.ToArray();

    public byte[] SentPcm() => _sent.ToArray();

    public MediaStreamSnapshot Snapshot() => new()
    {
        CallId = CallId,
        State = Volatile.Read(ref _state),
        Endpoint = _blob.Url.GetLeftPart(UriPartial.Path),
        Unmixed = Options.Unmixed,
        FramesSent = Interlocked.Read(ref _framesSent),
        MessagesSent = Interlocked.Read(ref _messagesSent),
        LateSends = Interlocked.Read(ref _lateSends),
        SkippedSlots = Interlocked.Read(ref _skippedSlots),
        FramesReceived = Interlocked.Read(ref _framesReceived),
        StopAudioReceived = Interlocked.Read(ref _stopAudio),
        UnknownMessagesReceived = Interlocked.Read(ref _unknown),
        VideoFramesSent = Interlocked.Read(ref _videoSent),
        VideoFramesSkipped = Interlocked.Read(ref _videoSkipped),
        VideoFramesReceived = Interlocked.Read(ref _videoReceived),
        ReceivedMilliseconds = _received.Milliseconds,
        CloseStatus = _closeStatus,
        Error = _error,
    };

    private void Pulse() => Interlocked.Exchange(ref _changed, null)?.TrySetResult();

    private async Task RunAsync()
    {
        await Task.Yield();
        var stop = _stop.Token;
        try
        {
            _socket = await ConnectAsync(stop).ConfigureAwait(false);
            _start = _time.GetTimestamp();
            Volatile.Write(ref _state, "connected");
            Log.Connected(_logger, CallId, _blob.Url.GetLeftPart(UriPartial.Path));
            StateChanged?.Invoke("connected", null);
            Pulse();
            using var sending = CancellationTokenSource.CreateLinkedTokenSource(stop);
            var receive = ReceiveAsync(_socket, sending);
            var audio = SendAudioAsync(_socket, sending.Token);
            var video = Options.Video is { } v ? SendVideoAsync(_socket, v, sending.Token) : Task.CompletedTask;
            await Task.WhenAny(receive, audio).ConfigureAwait(false);
            await sending.CancelAsync().ConfigureAwait(false);
            await IgnoreCancellation(audio).ConfigureAwait(false);
            await IgnoreCancellation(video).ConfigureAwait(false);
            await CloseAsync(_socket).ConfigureAwait(false);
            if (await Task.WhenAny(receive, Task.Delay(TimeSpan.FromSeconds(2), _time)).ConfigureAwait(false) != receive)
            {
                _socket.Abort();
            }

            await IgnoreCancellation(receive).ConfigureAwait(false);
            Volatile.Write(ref _state, "closed");
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            Volatile.Write(ref _state, "closed");
        }
        catch (Exception exception) when (exception is WebSocketException or IOException or HttpRequestException or OperationCanceledException or InvalidOperationException)
        {
            _error = exception.Message;
            Volatile.Write(ref _state, "failed");
            Log.Failed(_logger, CallId, exception.Message);
        }
        finally
        {
            _socket?.Dispose();
            _sendLock.Dispose();
            StateChanged?.Invoke(Volatile.Read(ref _state), _error);
            Pulse();
        }
    }

    private async Task<ClientWebSocket> ConnectAsync(CancellationToken stop)
    {
        var pinned = _trusted.GetCertHash(HashAlgorithmName.SHA256);
        for (var attempt = 1; ; attempt++)
        {
            var socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(15);
            socket.Options.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
                errors == SslPolicyErrors.None || (certificate is not null && certificate.GetCertHash(HashAlgorithmName.SHA256).AsSpan().SequenceEqual(pinned));
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
            timeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await socket.ConnectAsync(_blob.Url, timeout.Token).ConfigureAwait(false);
                return socket;
            }
            catch (Exception exception) when (attempt < 3 && !stop.IsCancellationRequested && exception is WebSocketException or IOException or HttpRequestException or OperationCanceledException)
            {
                socket.Dispose();
                Log.ConnectRetry(_logger, CallId, attempt, exception.Message);
                await Task.Delay(TimeSpan.FromMilliseconds(200 * attempt), _time, stop).ConfigureAwait(false);
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
    }

    private async Task SendAudioAsync(ClientWebSocket socket, CancellationToken cancellationToken)
    {
        using var wire = new StreamingWire(WireSampleRate);
        var epoch = _time.GetUtcNow();
        var samples = new short[ParticipantAudioSource.SamplesPerFrame];
        var mix = new int[ParticipantAudioSource.SamplesPerFrame];
        var pcm = new byte[ParticipantAudioSource.BytesPerFrame];
        await SendAsync(socket, wire.AudioMetadata(SubscriptionId ?? CallId), WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
        long slot = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await WaitForFrameAsync(slot, FrameDuration, cancellationToken).ConfigureAwait(false);

            var (next, skipped, late) = Pace(slot, FrameDuration);
            if (skipped > 0)
            {
                Interlocked.Add(ref _skippedSlots, skipped);
            }

            if (late)
            {
                Interlocked.Increment(ref _lateSends);
            }

            slot = next;
            var due = FrameDuration * slot;
            var timestamp = epoch + due;
            var participants = Volatile.Read(ref _participants);
            Array.Clear(mix);
            var anyVoice = false;
            foreach (var (id, muted) in participants)
            {
                var voice = ResolveSource(id).Read(samples) && !muted;
                if (muted)
                {
                    Array.Clear(samples);
                }

                anyVoice |= voice;
                for (var i = 0; i < samples.Length; i++)
                {
                    mix[i] += samples[i];
                }

                if (Options.Unmixed)
                {
                    System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).CopyTo(pcm);
                    await SendAsync(socket, wire.AudioData(pcm, timestamp, id, !voice), WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
                }
            }

            for (var i = 0; i < mix.Length; i++)
            {
                samples[i] = (short)Math.Clamp(mix[i], short.MinValue, short.MaxValue);
            }

            System.Runtime.InteropServices.MemoryMarshal.AsBytes(samples.AsSpan()).CopyTo(pcm);
            if (!Options.Unmixed)
            {
                await SendAsync(socket, wire.AudioData(pcm, timestamp, null, !anyVoice), WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
            }

            _sent.Add(slot, pcm);
            Interlocked.Increment(ref _framesSent);
            slot++;
        }
    }

    private ParticipantAudioSource ResolveSource(string participantId)
    {
        if (_owner.Browser?.SourceFor(CallId, participantId) is { } browser)
        {
            return browser;
        }

        var spec = _owner.GetSource(CallId, participantId) ?? Options.DefaultSource;
        if (_sources.TryGetValue(participantId, out var current) && ReferenceEquals(current.Spec, spec))
        {
            return current.Source;
        }

        ParticipantAudioSource source;
        try
        {
            source = ParticipantAudioSource.Create(spec);
        }
        catch (Exception exception) when (exception is ArgumentException or IOException or FormatException or UnauthorizedAccessException)
        {
            _error = $"Source of participant {participantId}: {exception.Message}";
            source = new SilenceSource();
        }

        _sources[participantId] = (spec, source);
        return source;
    }

    private async Task SendVideoAsync(ClientWebSocket socket, VideoStreamOptions video, CancellationToken cancellationToken)
    {
        var payload = video.Width * video.Height * 3 / 2;
        var message = new byte[StreamingWire.VideoHeaderSize + payload];
        var interval = TimeSpan.FromSeconds(1.0 / video.FramesPerSecond);
        long frame = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            await WaitForFrameAsync(frame, interval, cancellationToken).ConfigureAwait(false);

            var (next, skipped, _) = Pace(frame, interval);
            if (skipped > 0)
            {
                Interlocked.Add(ref _videoSkipped, skipped);
            }

            frame = next;
            var due = interval * frame;
            StreamingWire.WriteVideoHeader(message, 1, video.Width, video.Height, due, payload);
            var luma = message.AsSpan(StreamingWire.VideoHeaderSize, video.Width * video.Height);
            var bar = (int)(frame % video.Width);
            for (var row = 0; row < video.Height; row++)
            {
                var line = luma.Slice(row * video.Width, video.Width);
                line.Fill(16);
                line[bar] = 235;
            }

            message.AsSpan(StreamingWire.VideoHeaderSize + luma.Length).Fill(128);
            await SendAsync(socket, message, WebSocketMessageType.Binary, cancellationToken).ConfigureAwait(false);
            Interlocked.Increment(ref _videoSent);
            frame++;
        }
    }

    /// <summary>
    /// Waits on the scheduler for frame <paramref name="index"/> (due at start + index × <paramref name="interval"/>),
    /// or, when it is already due, yields the thread before it is sent. The scheduler's wait is returned as it is, so a
    /// frame on time costs no extra asynchronous step.
    /// </summary>
    /// <remarks>
    /// A frame already due is sent without waiting, and a WebSocket send usually completes at once, so a stream behind
    /// its schedule would otherwise keep its thread-pool thread for as long as it stays behind: under overload every
    /// stream is behind, the streams would hold every thread, and the control API and the calls' notifications would wait
    /// for one (a 500-call media load once left the control API unanswered for minutes). Yielding puts the stream's next
    /// frame at the back of the thread pool's queue, behind whatever is waiting. A wait on the scheduler already
    /// completes on the pool.
    /// </remarks>
    private ValueTask WaitForFrameAsync(long index, TimeSpan interval, CancellationToken cancellationToken)
    {
        var due = interval * index;
        return due > _time.GetElapsedTime(_start)
            ? _scheduler.WaitUntilAsync(_scheduler.TimestampAt(_start, due), cancellationToken)
            : YieldAsync();
    }

    private static async ValueTask YieldAsync() => await Task.Yield();

    /// <summary>
    /// After the wait for frame <paramref name="index"/>: the frame to send, that one, or, when the stream is more than
    /// <see cref="MaxCatchUp"/> behind, the frame due now with the number skipped to reach it; <c>Late</c> when it leaves
    /// more than <see cref="LateThreshold"/> after its time (measured after the wait, so a late wake-up counts too).
    /// </summary>
    private (long Index, long Skipped, bool Late) Pace(long index, TimeSpan interval)
    {
        var due = interval * index;
        var elapsed = _time.GetElapsedTime(_start);
        if (elapsed - due <= MaxCatchUp)
        {
            return (index, 0, elapsed - due > LateThreshold);
        }

        var current = (long)(elapsed / interval);
        return (current, current - index, elapsed - (interval * current) > LateThreshold);
    }

    private async Task SendAsync(ClientWebSocket socket, ReadOnlyMemory<byte> message, WebSocketMessageType type, CancellationToken cancellationToken)
    {
        await _sendLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await socket.SendAsync(message, type, endOfMessage: true, cancellationToken).ConfigureAwait(false);
            if (type == WebSocketMessageType.Text)
            {
                Interlocked.Increment(ref _messagesSent);
            }
        }
        finally
        {
            _sendLock.Release();
        }
    }

    private async Task ReceiveAsync(ClientWebSocket socket, CancellationTokenSource sending)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        var pcm = new byte[ParticipantAudioSource.BytesPerFrame];
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
                        if (buffer.Length >= MaxMessageBytes)
                        {
                            throw new InvalidOperationException($"The bot sent a message larger than {MaxMessageBytes} bytes.");
                        }

                        var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                        buffer.AsSpan(0, length).CopyTo(larger);
                        ArrayPool<byte>.Shared.Return(buffer);
                        buffer = larger;
                    }

                    result = await socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None).ConfigureAwait(false);
                    if (result.MessageType == WebSocketMessageType.Close)
                    {
                        _closeStatus = (int?)socket.CloseStatus;
                        Log.ClosedByBot(_logger, CallId, _closeStatus ?? 0);
                        await sending.CancelAsync().ConfigureAwait(false);
                        return;
                    }

                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Text)
                {
                    switch (StreamingWire.Read(buffer.AsSpan(0, length), pcm, WireSampleRate))
                    {
                        case BotMessage.Audio:
                            Interlocked.Increment(ref _framesReceived);
                            _received.Add((long)(_time.GetElapsedTime(_start) / FrameDuration), pcm);
                            _owner.Browser?.OnBotAudio(CallId, pcm);
                            break;
                        case BotMessage.StopAudio:
                            Interlocked.Increment(ref _stopAudio);
                            break;
                        default:
                            Interlocked.Increment(ref _unknown);
                            break;
                    }
                }
                else if (StreamingWire.IsVideoFrame(buffer.AsSpan(0, length)))
                {
                    Interlocked.Increment(ref _videoReceived);
                }
                else
                {
                    Interlocked.Increment(ref _unknown);
                }

                Pulse();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or System.Text.Json.JsonException or FormatException)
        {
            if (!sending.IsCancellationRequested)
            {
                _error ??= exception.Message;
            }

            await sending.CancelAsync().ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task CloseAsync(ClientWebSocket socket)
    {
        if (socket.State is not (WebSocketState.Open or WebSocketState.CloseReceived))
        {
            return;
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2), _time);
        try
        {
            await _sendLock.WaitAsync(timeout.Token).ConfigureAwait(false);
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "call ended", timeout.Token).ConfigureAwait(false);
            }
            finally
            {
                _sendLock.Release();
            }
        }
        catch (Exception exception) when (exception is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            socket.Abort();
        }
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
        catch (WebSocketException)
        {
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = EmulatorEventIds.MediaConnected, EventName = nameof(EmulatorEventIds.MediaConnected), Level = LogLevel.Debug, Message = "Media of call {CallId} connected to {Endpoint}")]
        public static partial void Connected(ILogger logger, string callId, string endpoint);

        [LoggerMessage(EventId = EmulatorEventIds.MediaConnectRetry, EventName = nameof(EmulatorEventIds.MediaConnectRetry), Level = LogLevel.Information, Message = "Media of call {CallId}: connection attempt {Attempt} failed ({Reason}); retrying")]
        public static partial void ConnectRetry(ILogger logger, string callId, int attempt, string reason);

        [LoggerMessage(EventId = EmulatorEventIds.MediaFailed, EventName = nameof(EmulatorEventIds.MediaFailed), Level = LogLevel.Warning, Message = "Media of call {CallId} failed: {Reason}")]
        public static partial void Failed(ILogger logger, string callId, string reason);

        [LoggerMessage(EventId = EmulatorEventIds.MediaClosedByBot, EventName = nameof(EmulatorEventIds.MediaClosedByBot), Level = LogLevel.Debug, Message = "Media of call {CallId} closed by the bot with status {Status}")]
        public static partial void ClosedByBot(ILogger logger, string callId, int status);
    }
}
