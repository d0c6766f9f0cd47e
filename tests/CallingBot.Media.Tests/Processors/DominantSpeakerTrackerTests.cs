using CallingBot.Media.Audio;
using CallingBot.Media.Processors;
using CallingBot.Media.Tests.Fakes;

namespace CallingBot.Media.Tests.Processors;

public class DominantSpeakerTrackerTests
{
    private readonly AudioFramePool _pool = new(AudioFormat.Default);

    [Fact]
    public void Process_SpeakersTakeTurns_SwitchesAfterDelayOnly()
    {
        var a = new Signal().Level(1000, -20).Level(1000, -60).ToFrames(_pool, "8:acs:a");
        var b = new Signal().Level(1000, -60).Level(1000, -20).ToFrames(_pool, "8:acs:b");
        var tracker = new DominantSpeakerTracker(AudioFormat.Default);

        var events = Run(tracker, a, b);

        Assert.Equal(
            [(null, "8:acs:a", TimeSpan.FromMilliseconds(300)), ("8:acs:a", "8:acs:b", TimeSpan.FromMilliseconds(1620))],
            events.Select(e => (e.Previous, e.Current, e.Timestamp)));
        Assert.Equal("8:acs:b", tracker.Current);
    }

    [Fact]
    public void Process_NearlyEqualVoices_DoNotFlap()
    {
        var a = new Signal().Level(3000, -20).ToFrames(_pool, "8:acs:a");
        var b = new Signal().Level(400, -23).Level(400, -17).Level(400, -23).Level(400, -17).Level(400, -23)
            .Level(400, -17).Level(600, -23).ToFrames(_pool, "8:acs:b");

        var events = Run(new DominantSpeakerTracker(AudioFormat.Default), a, b);

        Assert.Equal([(null, "8:acs:a")], events.Select(e => (e.Previous, e.Current)));
    }

    [Fact]
    public void Process_DominantSpeakerStopsSendingFrames_NextSpeakerTakesOver()
    {
        var a = new Signal().Level(500, -20).ToFrames(_pool, "8:acs:a");
        var b = new Signal().Level(2000, -35).ToFrames(_pool, "8:acs:b");
        var tracker = new DominantSpeakerTracker(AudioFormat.Default);
        var events = new List<DominantSpeakerChangedEventArgs>();
        tracker.DominantSpeakerChanged += (_, e) => events.Add(e);

        for (var i = 0; i < b.Count; i++)
        {
            if (i < a.Count)
            {
                tracker.Process(a[i].AsView());
                a[i].Dispose();
            }

            tracker.Process(b[i].AsView());
            b[i].Dispose();
        }

        Assert.Equal(["8:acs:a", "8:acs:b"], events.Select(e => e.Current));
        // A's last frame is at 480 ms; it counts as silent from 700 ms, and B takes over 300 ms later.
        Assert.Equal(TimeSpan.FromMilliseconds(1000), events[1].Timestamp);
    }

    [Fact]
    public void Process_MixedAudioWithoutParticipantIds_IsIgnored()
    {
        var events = Run(new DominantSpeakerTracker(AudioFormat.Default), new Signal().Level(1000, -20).ToFrames(_pool), []);

        Assert.Empty(events);
    }

    private static List<DominantSpeakerChangedEventArgs> Run(DominantSpeakerTracker tracker, List<AudioFrame> a, List<AudioFrame> b)
    {
        var events = new List<DominantSpeakerChangedEventArgs>();
        tracker.DominantSpeakerChanged += (_, e) => events.Add(e);
        for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
        {
            foreach (var frames in new[] { a, b })
            {
                if (i < frames.Count)
                {
                    tracker.Process(frames[i].AsView());
                    frames[i].Dispose();
                }
            }
        }

        return events;
    }
}
