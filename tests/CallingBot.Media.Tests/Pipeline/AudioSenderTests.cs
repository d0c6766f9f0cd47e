using CallingBot.Media.Audio;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Pipeline;
using CallingBot.Media.Tests.Fakes;
using CallingBot.Testing;

namespace CallingBot.Media.Tests.Pipeline;

public class AudioSenderTests
{
    private static readonly TimeSpan Frame = AudioFormat.Default.FrameDuration;

    /// <summary>Every pacing timer here is due on a whole millisecond, so stepping by one fires each at its due time.</summary>
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(1);

    private readonly TimerCountingTimeProvider _clock = new();
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public async Task Start_OneSimulatedHour_Sends180000FramesExactlyOnTheGrid()
    {
        var transport = new RecordingTransport(_clock);
        var (sender, statistics) = Create(transport, _clock);
        _ = sender.PlayAsync(new ConstantSource(1));
        var start = _clock.GetTimestamp();

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1), Step);

        Assert.Equal(3600 * 50, transport.Count);
        Assert.Equal(180_000, transport.Count);
        for (var n = 0; n < transport.Sent.Count; n++)
        {
            Assert.Equal(start + (n * Frame.Ticks), transport.Sent[n].SentAt);
            Assert.Equal(Frame * n, transport.Sent[n].Timestamp);
        }

        Assert.Equal(0, statistics.LateFrames);
        Assert.Equal(TimeSpan.Zero, statistics.SendDelay.Max);
        _clock.Advance(TimeSpan.FromTicks(1));
        Assert.Equal(180_001, transport.Count);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Start_DefaultSendLead_SendsOneMillisecondAheadOfEachSlotWithoutDrift()
    {
        var transport = new RecordingTransport(_clock);
        var (sender, statistics) = Create(transport, _clock, new MediaPipelineOptions());
        _ = sender.PlayAsync(new ConstantSource(1));
        var start = _clock.GetTimestamp();

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromHours(1), Step);

        // Slots 0 to 180,000 are due within the hour; the last leaves at 59:59.999.
        Assert.Equal(180_001, transport.Count);
        Assert.Equal(start, transport.Sent[0].SentAt);
        var lead = TimeSpan.FromMilliseconds(1).Ticks;
        for (var n = 1; n < transport.Sent.Count; n++)
        {
            Assert.Equal(start + (n * Frame.Ticks) - lead, transport.Sent[n].SentAt);
        }

        Assert.Equal(0, statistics.LateFrames);
        Assert.Equal(TimeSpan.Zero, statistics.SendDelay.Max);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Start_TimerAlwaysThreeMillisecondsLate_LatenessDoesNotAccumulate()
    {
        var laggy = new LaggyTimeProvider(_clock) { Lag = TimeSpan.FromMilliseconds(3) };
        var transport = new RecordingTransport(laggy);
        var (sender, statistics) = Create(transport, laggy);
        _ = sender.PlayAsync(new ConstantSource(1));
        var start = _clock.GetTimestamp();

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromHours(1) - TimeSpan.FromTicks(1), Step);

        // A timer re-armed for a fixed period would have sent 3,600,000 / 23 = 156,521 frames.
        Assert.Equal(180_000, transport.Count);
        var lag = TimeSpan.FromMilliseconds(3).Ticks;
        Assert.Equal(start + (179_999 * Frame.Ticks) + lag, transport.Sent[^1].SentAt);
        Assert.All(transport.Sent.Select((s, n) => s.SentAt - start - (n * Frame.Ticks)), offset => Assert.Equal(lag, offset));
        Assert.Equal(0, statistics.LateFrames);
        Assert.Equal(TimeSpan.FromMilliseconds(3), statistics.SendDelay.Max);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Tick_TimerBeyondLateThreshold_CountsEveryFrameLate()
    {
        var laggy = new LaggyTimeProvider(_clock) { Lag = TimeSpan.FromMilliseconds(7) };
        var transport = new RecordingTransport(laggy);
        var (sender, statistics) = Create(transport, laggy);
        _ = sender.PlayAsync(new ConstantSource(1));

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromSeconds(1), Step);

        Assert.Equal(50, statistics.FramesSent);
        Assert.Equal(50, statistics.LateFrames);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Tick_StalledFarBeyondCatchUp_SkipsMissedSlotsInsteadOfBursting()
    {
        var laggy = new LaggyTimeProvider(_clock);
        var transport = new RecordingTransport(laggy);
        transport.OnSend = index =>
        {
            if (index == 3)
            {
                laggy.NextLag = TimeSpan.FromMilliseconds(250);
            }

            return ValueTask.CompletedTask;
        };
        var (sender, statistics) = Create(transport, laggy);
        _ = sender.PlayAsync(new ConstantSource(1));
        var start = _clock.GetTimestamp();

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(400), Step);

        var sentAtMs = transport.Sent.Select(s => (s.SentAt - start) / TimeSpan.TicksPerMillisecond).ToArray();
        Assert.Equal(new long[] { 0, 20, 40, 60, 330, 340, 360, 380, 400 }, sentAtMs);
        Assert.Equal(Frame * 16, transport.Sent[4].Timestamp);
        Assert.Equal(1, statistics.PacingResyncs);
        Assert.Equal(1, statistics.LateFrames);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Tick_SendCompletesLate_NextFramesGoOutImmediatelyAndCountLate()
    {
        var transport = new RecordingTransport(_clock);
        var firstSend = new TaskCompletionSource();
        transport.OnSend = index => index == 0 ? new ValueTask(firstSend.Task) : ValueTask.CompletedTask;
        var (sender, statistics) = Create(transport, _clock);
        _ = sender.PlayAsync(new ConstantSource(1));
        var start = _clock.GetTimestamp();

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(60), Step);
        Assert.Equal(1, transport.Count);

        firstSend.SetResult();
        await Eventually.UntilAsync(() => transport.Count == 4 && _clock.ArmedTimerCount == 1, "sender catches up once the send completed and re-arms its timer");

        var sentAtMs = transport.Sent.Select(s => (s.SentAt - start) / TimeSpan.TicksPerMillisecond).ToArray();
        Assert.Equal(new long[] { 0, 60, 60, 60 }, sentAtMs);
        Assert.Equal(2, statistics.LateFrames);
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(20), Step);
        await Eventually.UntilAsync(() => transport.Count >= 5, "the next slot's frame is sent");
        Assert.Equal(5, transport.Count);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task TrySend_QueueFull_DropsOldestAndCounts()
    {
        var transport = new RecordingTransport(_clock);
        var (sender, statistics) = Create(transport, _clock, new MediaPipelineOptions { OutboundQueueCapacity = 3, SendLead = TimeSpan.Zero });
        for (short i = 1; i <= 5; i++)
        {
            Assert.True(sender.TrySend(Frames.Constant(_pool, i)));
        }

        Assert.Equal(2, statistics.OutboundDropped);
        Assert.Equal(3, sender.QueuedFrames);

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(100), Step);

        Assert.Equal(new short[] { 3, 4, 5 }, transport.Sent.Select(s => s.FirstSample));
        await sender.DisposeAsync();
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task PlayAsync_SourceEnds_CompletesTrueAfterItsLastFrame()
    {
        var transport = new RecordingTransport(_clock);
        var (sender, _) = Create(transport, _clock);
        var playback = sender.PlayAsync(new ConstantSource(9, count: 3));

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(40), Step);
        Assert.False(playback.IsCompleted);
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(40), Step);

        Assert.True(await playback);
        Assert.Equal(new short[] { 9, 9, 9 }, transport.Sent.Select(s => s.FirstSample));
        Assert.False(sender.IsPlaying);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Tick_QueuedFrameDuringPlayback_IsMixedWithIt()
    {
        var transport = new RecordingTransport(_clock);
        var (sender, _) = Create(transport, _clock);
        _ = sender.PlayAsync(new ConstantSource(50));
        var echoed = Frames.Constant(_pool, 100);

        sender.TrySend(echoed);
        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(20), Step);

        Assert.Equal(new short[] { 150, 50 }, transport.Sent.Select(s => s.FirstSample));
        await sender.DisposeAsync();
        Assert.Equal(_pool.Created, _pool.Available);
    }

    [Fact]
    public async Task PlayAsync_ReplacedStoppedOrCanceled_CompletesAccordingly()
    {
        var (sender, _) = Create(new RecordingTransport(_clock), _clock);
        using var cts = new CancellationTokenSource();

        var first = sender.PlayAsync(new ConstantSource(1));
        var second = sender.PlayAsync(new ConstantSource(2));
        Assert.False(await first);

        sender.StopPlayback();
        Assert.False(await second);

        var third = sender.PlayAsync(new ConstantSource(3), cts.Token);
        await cts.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        Assert.False(sender.IsPlaying);

        var fourth = sender.PlayAsync(new ConstantSource(4));
        await sender.DisposeAsync();
        Assert.False(await fourth);
    }

    [Fact]
    public async Task Tick_TransportThrows_CountsSendErrorsAndKeepsPacing()
    {
        var transport = new RecordingTransport(_clock) { OnSend = _ => throw new IOException("socket closed") };
        var (sender, statistics) = Create(transport, _clock);
        _ = sender.PlayAsync(new ConstantSource(1));

        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(100), Step);

        Assert.Equal(6, statistics.SendErrors);
        Assert.Equal(6, transport.Count);
        await sender.DisposeAsync();
    }

    [Fact]
    public async Task Clear_QueuedFramesAndPlayback_DropsEverything()
    {
        var transport = new RecordingTransport(_clock);
        var (sender, _) = Create(transport, _clock);
        var playback = sender.PlayAsync(new ConstantSource(1));
        sender.TrySend(Frames.Constant(_pool, 5));

        sender.Clear();
        sender.Start();
        _clock.AdvanceInSteps(TimeSpan.FromMilliseconds(100), Step);

        Assert.False(await playback);
        Assert.Equal(0, transport.Count);
        await sender.DisposeAsync();
    }

    private (AudioSender Sender, MediaStatistics Statistics) Create(
        RecordingTransport transport, TimeProvider time, MediaPipelineOptions? options = null)
    {
        // Exact-grid assertions below need the timer armed at the slot itself.
        options ??= new MediaPipelineOptions { SendLead = TimeSpan.Zero };
        options.FramePool = _pool;
        var statistics = new MediaStatistics(AudioFormat.Default, time);
        return (new AudioSender("call-1", transport, statistics, options, time), statistics);
    }
}
