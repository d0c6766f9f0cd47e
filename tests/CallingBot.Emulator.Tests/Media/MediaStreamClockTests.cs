using System.Net.WebSockets;
using CallingBot.AspNetCore.Testing;
using CallingBot.Emulator.Media;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CallingBot.Emulator.Tests.Media;

/// <summary>
/// The emulator's media streams on its one frame clock: a 20 ms audio frame is 320 samples of 16 kHz mono PCM
/// (640 bytes); slot n of a stream is due n × 20 ms after it connected and goes out on the clock's tick for it.
/// </summary>
public sealed class MediaStreamClockTests : IAsyncLifetime
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private readonly FakeTimeProvider _fake = new(TestTime.Start);
    private LoopbackServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await LoopbackServer.StartHttpsAsync(app =>
        {
            app.UseWebSockets();
            app.Map("/media", DrainAsync);
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task ManyStreams_SendEveryFrameWithoutATimerOfTheirOwn()
    {
        var time = new ShiftedTimeProvider(_fake, TimeSpan.Zero);
        await using var manager = new MediaStreamManager(_server.Certificate!, time, NullLoggerFactory.Instance);
        // The first stream starts the clock (its slot 0 on tick 0); the others join while it stands still, for tick 1.
        var first = Start(manager, "call-0");
        await Eventually.UntilAsync(() => first.Snapshot().FramesSent == 1, "the first stream connected and sent slot 0");
        var others = Enumerable.Range(1, 7).Select(n => Start(manager, $"call-{n}")).ToArray();
        await Eventually.UntilAsync(() => manager.Clock.Subscribers == 8, "every stream connected to the clock");
        var timersBefore = time.TimersCreated;

        for (var tick = 1; tick <= 10; tick++)
        {
            _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(20), Step);
            await Eventually.UntilAsync(() => first.Snapshot().FramesSent == tick + 1 && others.All(s => s.Snapshot().FramesSent == tick), $"every stream sent its frame of tick {tick}");
        }

        Assert.Equal(timersBefore, time.TimersCreated);
        Assert.Equal(11 * 640, first.SentPcm().Length);
        Assert.All(others, s => Assert.Equal(10 * 640, s.SentPcm().Length));
    }

    [Fact]
    public async Task TimerFiringEarly_EachFrameLeavesOnItsOwnTickNotOneLate()
    {
        // Timers fire 1 ms before the instant they were armed for (system timers round to whole milliseconds), and
        // the clock arms 1 ms ahead: the tick of slot n comes at n × 20 ms − 2 ms and must send slot n, not wait a tick.
        var time = new ShiftedTimeProvider(_fake, TimeSpan.FromMilliseconds(1));
        await using var manager = new MediaStreamManager(_server.Certificate!, time, NullLoggerFactory.Instance);
        var stream = Start(manager, "call-early");
        await Eventually.UntilAsync(() => stream.Snapshot().FramesSent == 1, "connected and sent slot 0");

        for (var slot = 1; slot <= 10; slot++)
        {
            _fake.AdvanceInSteps(TimeSpan.FromMilliseconds(slot == 1 ? 18 : 20), Step);
            await Eventually.UntilAsync(() => stream.Snapshot().FramesSent == slot + 1, $"slot {slot} sent on its tick at {(slot * 20) - 2} ms");
        }

        Assert.Equal(0, stream.Snapshot().LateSends);
    }

    [Fact]
    public async Task StreamsEnding_LeaveTheClockIdle()
    {
        await using var manager = new MediaStreamManager(_server.Certificate!, _fake, NullLoggerFactory.Instance);
        var streams = Enumerable.Range(0, 3).Select(n => Start(manager, $"call-{n}")).ToArray();
        await Eventually.UntilAsync(() => manager.Clock.Subscribers == 3, "every stream on the clock");

        foreach (var stream in streams)
        {
            Assert.True(manager.StopStream(stream.CallId));
        }

        await Eventually.WithinAsync(Task.WhenAll(streams.Select(s => s.Completion)), "streams closed");
        Assert.Equal(0, manager.Clock.Subscribers);
        Assert.All(streams, s => Assert.Equal("closed", s.Snapshot().State));
    }

    private EmulatedMediaStream Start(MediaStreamManager manager, string callId)
    {
        var url = new Uri(MediaUrl(), "media");
        return manager.StartAcsStream(callId, url, callId, [("participant-1", false)], (_, _) => { })
            ?? throw new InvalidOperationException($"The stream of {callId} did not start.");
    }

    private Uri MediaUrl() => new UriBuilder(_server.BaseAddress) { Scheme = "wss" }.Uri;

    private static async Task DrainAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, context.RequestAborted);
                return;
            }
        }
    }
}
