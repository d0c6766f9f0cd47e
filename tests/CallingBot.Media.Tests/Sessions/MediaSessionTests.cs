using System.Net.WebSockets;
using System.Text;
using CallingBot.Media.Audio;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Sessions;
using CallingBot.Media.Streaming;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Media.Tests.Sessions;

/// <summary>
/// A media session serving a real WebSocket without any web host: the service's side streams media streaming JSON,
/// 20 ms frames of 16 kHz mono 16-bit audio (640 bytes).
/// </summary>
public sealed class MediaSessionTests : IAsyncDisposable
{
    private readonly MediaSessionRegistry _registry = new(new MediaEndpointOptions(), _ => false, TimeProvider.System, NullLoggerFactory.Instance);

    [Fact]
    public async Task RunAsync_ServiceStreamsAudioThenCloses_FramesReachThePipelineAndTheConnectionStaysWithTheSession()
    {
        using var pair = await WebSocketPair.ConnectAsync();
        var (session, running, connection) = await ConnectAsync(pair, "call-1");
        var counter = new CountingProcessor();
        connection.Pipeline.Use(counter).Start();
        using var encoder = new AudioStreamingEncoder();

        await SendTextAsync(pair.Service, encoder.EncodeAudioMetadata(new AudioMetadata("s-1", "PCM", 16_000, 1, 640)));
        for (var i = 0; i < 5; i++)
        {
            await SendTextAsync(pair.Service, encoder.EncodeInboundAudio(new byte[640], DateTimeOffset.UnixEpoch.AddMilliseconds(20 * i), "8:acs:a", silent: false));
        }

        await Eventually.UntilAsync(() => counter.Count == 5, "five frames processed");
        await pair.Service.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await Eventually.WithinAsync(running, "the receive loop ends with the socket");

        Assert.Equal("call-1", connection.CallId);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, pair.Service.CloseStatus);
        Assert.True(connection.Disconnected.IsCancellationRequested);
        Assert.True(session.IsConnected);
        await session.CloseAsync();
        Assert.True(counter.Disposed);
        Assert.Equal(0, _registry.Count);
    }

    [Fact]
    public async Task RunAsync_MalformedText_ClosesWith1007AndKeepsTheSession()
    {
        using var pair = await WebSocketPair.ConnectAsync();
        var session = await AdmitAsync("call-2");
        var running = session.RunAsync(pair.Bot, CancellationToken.None);

        await SendTextAsync(pair.Service, Encoding.UTF8.GetBytes("kind=AudioData"));
        var buffer = new byte[1024];
        var result = await Eventually.WithinAsync(pair.Service.ReceiveAsync(buffer, CancellationToken.None), "the bot's close frame");
        await pair.Service.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ack", CancellationToken.None);
        await Eventually.WithinAsync(running, "the receive loop ends after the violation");

        Assert.Equal(WebSocketMessageType.Close, result.MessageType);
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, result.CloseStatus);
        Assert.True(session.IsConnected);
        Assert.False(session.IsClosed);
        await session.CloseAsync();
    }

    [Fact]
    public async Task RunAsync_SessionClosedAfterAdmission_DoesNotAttachAndClosesTheSocket()
    {
        using var pair = await WebSocketPair.ConnectAsync();
        var session = await AdmitAsync("call-3");
        await session.CloseAsync();

        await Eventually.WithinAsync(session.RunAsync(pair.Bot, CancellationToken.None), "the refused connection ends");
        var result = await Eventually.WithinAsync(pair.Service.ReceiveAsync(new byte[64], CancellationToken.None), "the bot's close frame");

        Assert.False(session.IsConnected);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, result.CloseStatus);
    }

    [Fact]
    public async Task CloseAsync_WhileAnotherCloseDrainsThePipeline_EveryCallerAndTheRegistryWaitForIt()
    {
        using var pair = await WebSocketPair.ConnectAsync();
        var (session, running, connection) = await ConnectAsync(pair, "call-4");
        var release = new TaskCompletionSource();
        var processor = new SlowDisposingProcessor(release.Task);
        connection.Pipeline.Use(processor).Start();

        var first = session.CloseAsync().AsTask();
        await Eventually.UntilAsync(() => processor.Disposing, "the closing session disposes its pipeline's processor");
        var second = session.CloseAsync().AsTask();
        var disposing = _registry.DisposeAsync().AsTask();

        Assert.False(second.IsCompleted, "a second close completes only when the close has finished");
        Assert.False(disposing.IsCompleted, "disposing the registry waits for the close under way");
        Assert.Equal(1, _registry.Count);
        release.SetResult();
        await Eventually.WithinAsync(Task.WhenAll(first, second, disposing), "the close finishes for every caller");
        Assert.Equal(0, _registry.Count);
        var close = await Eventually.WithinAsync(pair.Service.ReceiveAsync(new byte[64], CancellationToken.None), "the bot's close frame");
        await pair.Service.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await Eventually.WithinAsync(running, "the receive loop ends with the socket");
        Assert.Equal(WebSocketCloseStatus.NormalClosure, close.CloseStatus);
    }

    [Fact]
    public async Task AdmitAsync_SecondConnectionNotExpected_IsRefusedAsAlreadyConnected()
    {
        using var first = await WebSocketPair.ConnectAsync();
        var (session, _, _) = await ConnectAsync(first, "call-5");
        await first.Service.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopped", CancellationToken.None);

        var second = await _registry.AdmitAsync(session.SessionId.ToString("N"), session.Token, isWebSocketRequest: true, CancellationToken.None);

        Assert.Null(second.Session);
        Assert.Equal(MediaRefusal.AlreadyConnected, second.Refusal);
        await session.CloseAsync();
    }

    [Fact]
    public async Task ExpectNextConnection_AfterTheStreamStopped_NextSocketGetsANewPipelineAndTheOldOneDrains()
    {
        using var first = await WebSocketPair.ConnectAsync();
        var (session, firstRunning, firstConnection) = await ConnectAsync(first, "call-6");
        var firstCounter = new CountingProcessor();
        firstConnection.Pipeline.Use(firstCounter).Start();
        using var encoder = new AudioStreamingEncoder();
        await SendTextAsync(first.Service, encoder.EncodeInboundAudio(new byte[640], DateTimeOffset.UnixEpoch, "8:acs:a", silent: false));
        await Eventually.UntilAsync(() => firstCounter.Count == 1, "the first stream's frame processed");
        await first.Service.CloseAsync(WebSocketCloseStatus.NormalClosure, "stopped", CancellationToken.None);
        await Eventually.WithinAsync(firstRunning, "the first stream's receive loop ends with its socket");

        session.ExpectNextConnection();
        var waiting = session.WaitConnectedAsync(CancellationToken.None);
        Assert.False(waiting.IsCompleted, "the wait is for the next connection, not the one that ended");
        using var second = await WebSocketPair.ConnectAsync();
        var admission = await _registry.AdmitAsync(session.SessionId.ToString("N"), session.Token, isWebSocketRequest: true, CancellationToken.None);
        Assert.Same(session, admission.Session);
        var secondRunning = session.RunAsync(second.Bot, CancellationToken.None);
        var secondConnection = await Eventually.WithinAsync(waiting, "the session hands over the next connection");
        var secondCounter = new CountingProcessor();
        secondConnection.Pipeline.Use(secondCounter).Start();
        for (var i = 0; i < 2; i++)
        {
            await SendTextAsync(second.Service, encoder.EncodeInboundAudio(new byte[640], DateTimeOffset.UnixEpoch.AddMilliseconds(20 * i), "8:acs:a", silent: false));
        }

        await Eventually.UntilAsync(() => secondCounter.Count == 2, "the second stream's frames processed");
        await Eventually.UntilAsync(() => firstCounter.Disposed, "the first stream's pipeline drains once the next one is attached");

        Assert.NotSame(firstConnection.Pipeline, secondConnection.Pipeline);
        Assert.False(secondConnection.Disconnected.IsCancellationRequested);
        Assert.False(session.AcceptsConnection);
        var combined = session.SnapshotStatistics()!;
        Assert.Equal(3, combined.FramesReceived);
        Assert.Equal(3, combined.FramesProcessed);
        await session.CloseAsync();
        Assert.True(secondCounter.Disposed);
        await second.Service.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", CancellationToken.None);
        await Eventually.WithinAsync(secondRunning, "the second stream's receive loop ends");
    }

    [Fact]
    public async Task WithdrawExpectation_ServiceRefusedToStreamAgain_NextSocketIsRefused()
    {
        using var first = await WebSocketPair.ConnectAsync();
        var (session, _, _) = await ConnectAsync(first, "call-7");
        session.ExpectNextConnection();
        Assert.True(session.AcceptsConnection);

        session.WithdrawExpectation();

        var admission = await _registry.AdmitAsync(session.SessionId.ToString("N"), session.Token, isWebSocketRequest: true, CancellationToken.None);
        Assert.Equal(MediaRefusal.AlreadyConnected, admission.Refusal);
        await session.CloseAsync();
        Assert.Throws<InvalidOperationException>(session.ExpectNextConnection);
    }

    [Fact]
    public async Task WithdrawExpectation_BeforeTheFirstConnection_StillAdmitsIt()
    {
        var session = await AdmitAsync("call-8");

        session.WithdrawExpectation();

        Assert.True(session.AcceptsConnection);
        await session.CloseAsync();
    }

    /// <summary>Admits a session for <paramref name="callId"/>, runs the bot's side of the pair with it, and waits for its connection.</summary>
    private async Task<(MediaSession Session, Task Running, MediaConnection Connection)> ConnectAsync(WebSocketPair pair, string callId)
    {
        var session = await AdmitAsync(callId);
        var running = session.RunAsync(pair.Bot, CancellationToken.None);
        var connection = await Eventually.WithinAsync(session.WaitConnectedAsync(CancellationToken.None), "the session hands over its connection");
        return (session, running, connection);
    }

    private async Task<MediaSession> AdmitAsync(string callId)
    {
        var opened = _registry.Open(callId, video: false);
        var admission = await _registry.AdmitAsync(opened.SessionId.ToString("N"), opened.Token, isWebSocketRequest: true, CancellationToken.None);
        return admission.Session ?? throw new InvalidOperationException($"Refused: {admission.Reason}");
    }

    private static Task SendTextAsync(WebSocket socket, ReadOnlyMemory<byte> message) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).AsTask();

    private sealed class SlowDisposingProcessor(Task release) : IAudioProcessor, IAsyncDisposable
    {
        private volatile bool _disposing;

        public bool Disposing => _disposing;

        public void Process(AudioFrameView frame)
        {
        }

        public async ValueTask DisposeAsync()
        {
            _disposing = true;
            await release;
        }
    }

    private sealed class CountingProcessor : IAudioProcessor, IDisposable
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public bool Disposed { get; private set; }

        public void Process(AudioFrameView frame) => Interlocked.Increment(ref _count);

        public void Dispose() => Disposed = true;
    }

    public ValueTask DisposeAsync() => _registry.DisposeAsync();
}
