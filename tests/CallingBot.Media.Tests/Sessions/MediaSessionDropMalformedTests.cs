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
/// A session opened to drop malformed messages (the ACS media stream): a bad message is dropped and counted, the
/// socket stays open and later frames still flow; a message over the size bound still closes it. Frames are 20 ms of
/// 16 kHz mono 16-bit audio: 320 samples, 640 bytes.
/// </summary>
public sealed class MediaSessionDropMalformedTests : IAsyncDisposable
{
    private const int FrameBytes = 16_000 / 50 * 2;

    private readonly MediaSessionRegistry _registry = new(new MediaEndpointOptions(), _ => false, TimeProvider.System, NullLoggerFactory.Instance);

    public static TheoryData<string, string> BadMessages => new()
    {
        { "text that is not JSON", "kind=AudioData" },
        { "a kind that is not a string", """{"kind":42,"audioData":{"data":"AAAA"}}""" },
        { "data that is not base64", """{"kind":"AudioData","audioData":{"timestamp":"2026-01-01T00:00:00.000Z","data":"***not base64***","silent":false}}""" },
        { "a frame of 320 bytes", $$$"""{"kind":"AudioData","audioData":{"timestamp":"2026-01-01T00:00:00.000Z","data":"{{{Convert.ToBase64String(new byte[320])}}}","silent":false}}""" },
        { "AudioData without audioData", """{"kind":"AudioData"}""" },
    };

    [Theory]
    [MemberData(nameof(BadMessages))]
    public async Task RunAsync_MalformedMessage_IsDroppedAndCountedAndTheNextFrameStillArrives(string because, string message)
    {
        using var pair = await WebSocketPair.ConnectAsync();
        var (session, running, connection) = await ConnectAsync(pair, "acs-call-1");
        var counter = new CountingProcessor();
        connection.Pipeline.Use(counter).Start();
        using var encoder = new AudioStreamingEncoder();
        await SendTextAsync(pair.Service, encoder.EncodeAudioMetadata(new AudioMetadata("sub-1", "PCM", 16_000, 1, FrameBytes)));

        await SendTextAsync(pair.Service, Encoding.UTF8.GetBytes(message));
        await SendTextAsync(pair.Service, encoder.EncodeInboundAudio(new byte[FrameBytes], DateTimeOffset.UnixEpoch, "8:acs:caller", silent: false));

        await Eventually.UntilAsync(() => counter.Count == 1, $"the valid frame after {because} is processed");
        Assert.Equal(1, connection.Statistics.MessagesRejected);
        Assert.Equal(1, connection.Statistics.Snapshot().MessagesRejected);
        Assert.Equal(WebSocketState.Open, pair.Service.State);
        Assert.False(running.IsCompleted, $"the receive loop survives {because}");
        await session.CloseAsync();
    }

    [Fact]
    public async Task RunAsync_UnknownKind_IsIgnoredNotRejected()
    {
        using var pair = await WebSocketPair.ConnectAsync();
        var (session, _, connection) = await ConnectAsync(pair, "acs-call-2");
        var counter = new CountingProcessor();
        connection.Pipeline.Use(counter).Start();
        using var encoder = new AudioStreamingEncoder();

        await SendTextAsync(pair.Service, """{"kind":"DtmfData","dtmfData":{"data":"5"}}"""u8.ToArray());
        await SendTextAsync(pair.Service, encoder.EncodeInboundAudio(new byte[FrameBytes], DateTimeOffset.UnixEpoch, null, silent: false));

        await Eventually.UntilAsync(() => counter.Count == 1, "the frame after the unknown kind is processed");
        Assert.Equal(0, connection.Statistics.MessagesRejected);
        await session.CloseAsync();
    }

    [Fact]
    public async Task RunAsync_MessageOverTheBound_StillClosesWith1009()
    {
        using var pair = await WebSocketPair.ConnectAsync();
        var (session, running, _) = await ConnectAsync(pair, "acs-call-3");

        await SendTextAsync(pair.Service, new byte[AudioStreamingDecoder.DefaultMaxMessageBytes + 1]);
        var result = await Eventually.WithinAsync(pair.Service.ReceiveAsync(new byte[256], CancellationToken.None), "the bot's close frame");
        await pair.Service.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "ack", CancellationToken.None);
        await Eventually.WithinAsync(running, "the receive loop ends after the oversized message");

        Assert.Equal(WebSocketCloseStatus.MessageTooBig, result.CloseStatus);
        await session.CloseAsync();
    }

    [Fact]
    public void Open_WithoutDropMalformed_KeepsTheClosingBehaviour()
    {
        Assert.False(_registry.Open("graph-call", video: false).DropMalformedMessages);
        Assert.True(_registry.Open("acs-call", video: false, dropMalformedMessages: true).DropMalformedMessages);
    }

    private async Task<(MediaSession Session, Task Running, MediaConnection Connection)> ConnectAsync(WebSocketPair pair, string callId)
    {
        var opened = _registry.Open(callId, video: false, dropMalformedMessages: true);
        var admission = await _registry.AdmitAsync(opened.SessionId.ToString("N"), opened.Token, isWebSocketRequest: true, CancellationToken.None);
        var session = admission.Session ?? throw new InvalidOperationException($"Refused: {admission.Reason}");
        var running = session.RunAsync(pair.Bot, CancellationToken.None);
        var connection = await Eventually.WithinAsync(session.WaitConnectedAsync(CancellationToken.None), "the session hands over its connection");
        return (session, running, connection);
    }

    private static Task SendTextAsync(WebSocket socket, ReadOnlyMemory<byte> message) =>
        socket.SendAsync(message, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).AsTask();

    private sealed class CountingProcessor : IAudioProcessor
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public void Process(AudioFrameView frame) => Interlocked.Increment(ref _count);
    }

    public ValueTask DisposeAsync() => _registry.DisposeAsync();
}
