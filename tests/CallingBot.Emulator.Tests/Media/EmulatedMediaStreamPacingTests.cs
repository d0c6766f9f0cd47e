using System.Net.WebSockets;
using CallingBot.Emulator.Media;
using CallingBot.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallingBot.Emulator.Tests.Media;

/// <summary>
/// Streams of one emulator paced by its shared <see cref="FrameScheduler"/>, each on its own phase. Frame invariant:
/// audio frame n of a stream leaves at the stream's start + n × 20 ms (16 kHz mono, 320 samples, 640 bytes each).
/// </summary>
public sealed class EmulatedMediaStreamPacingTests
{
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);
    private const int Offset = 7;

    private readonly TimerCountingTimeProvider _time = new(TestTime.Start);

    [Fact]
    public async Task TwoStreamsStartedApart_EachSendsOnItsOwnGrid_OneTimerForBoth()
    {
        await using var bot = await StartDrainingBotAsync();
        await using var manager = new MediaStreamManager(bot.Certificate!, _time, NullLoggerFactory.Instance);
        using var scheduler = new FrameScheduler(_time, lead: TimeSpan.Zero);
        var first = CreateStream("call-a", bot, manager, scheduler);
        var second = CreateStream("call-b", bot, manager, scheduler);

        first.Start();
        await Eventually.UntilAsync(() => Sent(first) == 1 && scheduler.Pending == 1, "the first stream connected, sent frame 0 and waits for frame 1");
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(Offset), Step);
        second.Start();
        await Eventually.UntilAsync(() => Sent(second) == 1 && scheduler.Pending == 2, $"the second stream connected {Offset} ms later, sent frame 0 and waits for frame 1");

        for (var ms = Offset + 1; ms <= 120; ms++)
        {
            _time.Advance(Step);
            var (expectedFirst, expectedSecond) = (1 + (ms / 20), 1 + ((ms - Offset) / 20));
            await Eventually.UntilAsync(
                () => Sent(first) == expectedFirst && Sent(second) == expectedSecond && scheduler.Pending == 2,
                $"at {ms} ms the streams sent exactly the frames due on their own grids ({expectedFirst} and {expectedSecond}) and wait for the next");
            Assert.Equal(1, _time.ArmedTimerCount);
        }

        Assert.Equal(0, first.Snapshot().LateSends);
        Assert.Equal(0, second.Snapshot().LateSends);
        first.Stop();
        second.Stop();
        await Eventually.WithinAsync(Task.WhenAll(first.Completion, second.Completion), "both streams close");
        Assert.Equal(["closed", "closed"], new[] { first.Snapshot().State, second.Snapshot().State });
        Assert.Equal(0, scheduler.Pending);
    }

    [Fact]
    public async Task StreamFallsFarBehind_SkipsToTheFrameDueNow_AndCountsTheSlotsNeverSent()
    {
        await using var one = await StartOneStreamAsync();
        var (stream, scheduler) = (one.Stream, one.Scheduler);

        // A pause of 500 ms (an overloaded or stopped process): frame 1 is released 480 ms late, past the 200 ms the
        // stream catches up. It sends the frame due now (25) instead of the 24 it missed, and waits for frame 26.
        _time.Advance(TimeSpan.FromMilliseconds(500));
        await Eventually.UntilAsync(() => Sent(stream) == 2 && scheduler.Pending == 1, "the stream skipped to frame 25, sent it and waits for frame 26");

        var snapshot = stream.Snapshot();
        Assert.Equal(24, snapshot.SkippedSlots);
        Assert.Equal(0, snapshot.LateSends);
        _time.AdvanceInSteps(TimeSpan.FromMilliseconds(20), Step);
        await Eventually.UntilAsync(() => Sent(stream) == 3 && scheduler.Pending == 1, "frame 26 left on its own time after the skip");
    }

    [Fact]
    public async Task StreamBehindWithinTheCatchUp_SendsEveryMissedFrame_CountingThoseMoreThan5msLate()
    {
        await using var one = await StartOneStreamAsync();
        var (stream, scheduler) = (one.Stream, one.Scheduler);

        // 100 ms at once: frames 1 to 5 are due; 1 to 4 leave 80, 60, 40 and 20 ms late, frame 5 on time.
        _time.Advance(TimeSpan.FromMilliseconds(100));
        await Eventually.UntilAsync(() => Sent(stream) == 6 && scheduler.Pending == 1, "the stream sent frames 1 to 5 and waits for frame 6");

        var snapshot = stream.Snapshot();
        Assert.Equal(4, snapshot.LateSends);
        Assert.Equal(0, snapshot.SkippedSlots);
    }

    private static Task<LoopbackServer> StartDrainingBotAsync() => LoopbackServer.StartHttpsAsync(app =>
    {
        app.UseWebSockets();
        app.Map("/media/{id}", DrainAsync);
    });

    /// <summary>One stream to a draining bot, started, having sent frame 0 and waiting on its scheduler for frame 1.</summary>
    private async Task<OneStream> StartOneStreamAsync()
    {
        var bot = await StartDrainingBotAsync();
        var manager = new MediaStreamManager(bot.Certificate!, _time, NullLoggerFactory.Instance);
        var scheduler = new FrameScheduler(_time, lead: TimeSpan.Zero);
        var stream = CreateStream("call-a", bot, manager, scheduler);
        var one = new OneStream(bot, manager, scheduler, stream);
        stream.Start();
        await Eventually.UntilAsync(() => Sent(stream) == 1 && scheduler.Pending == 1, "the stream connected, sent frame 0 and waits for frame 1");
        return one;
    }

    /// <summary>A stream of the manager's kind but on <paramref name="scheduler"/>, whose lead is zero so frames leave exactly on time.</summary>
    private EmulatedMediaStream CreateStream(string callId, LoopbackServer bot, MediaStreamManager manager, FrameScheduler scheduler)
    {
        var url = new UriBuilder(bot.BaseAddress) { Scheme = "wss", Path = $"media/{callId}" }.Uri;
        return new EmulatedMediaStream(callId, new MediaBlob(url, Video: false), new CallMediaOptions { KeepSeconds = 0 }, manager, bot.Certificate!, _time, scheduler, NullLogger.Instance);
    }

    private static long Sent(EmulatedMediaStream stream) => stream.Snapshot().FramesSent;

    private static async Task DrainAsync(HttpContext context)
    {
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var buffer = new byte[64 * 1024];
        while (true)
        {
            var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "bye", context.RequestAborted);
                return;
            }
        }
    }

    /// <summary>A started stream with what it runs on; stopping it (and waiting for it to close) comes first when disposed.</summary>
    private sealed class OneStream(LoopbackServer bot, MediaStreamManager manager, FrameScheduler scheduler, EmulatedMediaStream stream) : IAsyncDisposable
    {
        public EmulatedMediaStream Stream => stream;

        public FrameScheduler Scheduler => scheduler;

        public async ValueTask DisposeAsync()
        {
            stream.Stop();
            await Eventually.WithinAsync(stream.Completion, "the stream closes");
            scheduler.Dispose();
            await manager.DisposeAsync();
            await bot.DisposeAsync();
        }
    }
}
