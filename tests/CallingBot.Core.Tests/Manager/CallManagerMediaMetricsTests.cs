using CallingBot.Core.Platform;
using CallingBot.Core.Tests.Fakes;
using CallingBot.Media.Diagnostics;
using CallingBot.Testing;

namespace CallingBot.Core.Tests.Manager;

/// <summary>
/// <c>callingbot.media.frames_sent</c> and <c>callingbot.media.late_frames</c> total the frames over ended and live
/// calls: a live call counts with its current figures, an ended one with its final figures, never both.
/// </summary>
public sealed class CallManagerMediaMetricsTests
{
    [Fact]
    public async Task MediaTotals_LiveThenEndedThenAnotherLiveCall_CountEachFrameOnce()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var first = await RingAsync(harness, "media-1");
        first.Statistics = new MediaStatisticsSnapshot { FramesSent = 100, LateFrames = 3 };

        Assert.Equal((100L, 3L), harness.Manager.MediaTotals());

        first.Statistics = new MediaStatisticsSnapshot { FramesSent = 150, LateFrames = 5 };
        await harness.EndAsync(first.Inner);
        Assert.Equal((150L, 5L), harness.Manager.MediaTotals());

        var second = await RingAsync(harness, "media-2");
        second.Statistics = new MediaStatisticsSnapshot { FramesSent = 10, LateFrames = 1 };
        Assert.Equal((160L, 6L), harness.Manager.MediaTotals());

        harness.Measurements.Collect();
        Assert.Equal(160, harness.Measurements.Last("callingbot.media.frames_sent"));
        Assert.Equal(6, harness.Measurements.Last("callingbot.media.late_frames"));
        await harness.EndAsync(second.Inner);
    }

    [Fact]
    public async Task MediaTotals_CallsWithoutMedia_Zero()
    {
        await using var harness = new CallManagerHarness();
        harness.Router.Answer(() => new RecordingHandler());
        var call = harness.RaiseIncoming("no-media");
        await Eventually.UntilAsync(() => call.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, "answer");

        Assert.Equal((0L, 0L), harness.Manager.MediaTotals());
        await harness.EndAsync(call);
    }

    private static async Task<MediaPlatformCall> RingAsync(CallManagerHarness harness, string callId)
    {
        var call = new MediaPlatformCall(harness.Platform.NewCall(callId));
        harness.Platform.Sink.OnIncomingCall(call, harness.Info(callId));
        await Eventually.UntilAsync(() => call.Inner.Recorder.Count(nameof(IPlatformCall.AnswerAsync)) == 1, $"answer of {callId}");
        return call;
    }
}
