using CallingBot.Core.Calls;
using CallingBot.Core.Manager;
using CallingBot.History.Configuration;
using CallingBot.History.Masking;
using CallingBot.History.Records;
using CallingBot.Media.Diagnostics;

namespace CallingBot.History.Tests.Records;

public sealed class CallHistoryEntryMapperTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ToEntry_AnsweredIncomingCall_CarriesEveryFieldMasked()
    {
        var record = Record() with
        {
            CorrelationId = "chain-1",
            Caller = ParticipantIdentity.Phone("+14255550123"),
            Callees = [ParticipantIdentity.User("8a34a46b-3d17-4adc-8dce-dc4e7d572698", "Alice")],
            HandlerName = "EchoHandler",
            Media = MediaHosting.AppHosted,
            RecordingStatus = RecordingStatus.Recording,
            MediaQuality = new MediaStatisticsSnapshot { FramesReceived = 500, MissingFrames = 2, Jitter = TimeSpan.FromTicks(12_340), ProcessingDelayP99 = TimeSpan.FromMilliseconds(1.5) },
        };

        var entry = Mapper(HistoryMaskingMode.Partial).ToEntry(record);

        Assert.Equal("call-1", entry.CallId);
        Assert.Equal("chain-1", entry.CorrelationId);
        Assert.Equal("incoming", entry.Direction);
        Assert.Equal("answered", entry.Outcome);
        Assert.Equal(new CallHistoryParty("phone", "+*******0123", null), entry.Caller);
        Assert.Matches("^h:[0-9a-f]{32}$", Assert.Single(entry.Callees).Id);
        Assert.Equal(Start.AddSeconds(1), entry.AnsweredAt);
        Assert.Equal(486, entry.TerminationCode);
        Assert.Equal("EchoHandler", entry.Handler);
        Assert.Equal("appHosted", entry.Media);
        Assert.Equal("recording", entry.RecordingStatus);
        Assert.Equal(500, entry.MediaQuality!.FramesReceived);
        Assert.Equal(2, entry.MediaQuality.FramesMissing);
        Assert.Equal(1.234, entry.MediaQuality.JitterMs);
        Assert.Equal(1.5, entry.MediaQuality.ProcessingDelayP99Ms);
    }

    [Fact]
    public void ToEntry_Masked_KeepsOnlySafeEventDetails()
    {
        var entry = Mapper(HistoryMaskingMode.Partial).ToEntry(Record());

        Assert.Equal(
            [("decision", "answer (ServiceHosted)"), ("tone", null), ("participant-joined", null)],
            entry.Events.Select(e => (e.Kind, e.Detail)));
    }

    [Fact]
    public void ToEntry_Unmasked_KeepsEveryEventDetail()
    {
        var entry = Mapper(HistoryMaskingMode.None).ToEntry(Record());

        Assert.Equal(["answer (ServiceHosted)", "Tone5", "user:8a34a46b"], entry.Events.Select(e => e.Detail));
    }

    [Fact]
    public void ToEntry_TimesWithTicksBelowAMicrosecond_AreTruncated()
    {
        var entry = Mapper(HistoryMaskingMode.None).ToEntry(Record() with { StartedAt = Start.AddTicks(17) });

        Assert.Equal(Start.AddTicks(10), entry.StartedAt);
    }

    private static CallRecord Record() => new(
        "call-1",
        CallDirection.Incoming,
        "tenant",
        "answered",
        Start,
        Start.AddSeconds(1),
        Start.AddMinutes(2),
        new CallTermination(486, 0, "Busy"),
        [new CallEventRecord(Start, "decision", "answer (ServiceHosted)"), new CallEventRecord(Start.AddSeconds(2), "tone", "Tone5"), new CallEventRecord(Start.AddSeconds(3), "participant-joined", "user:8a34a46b")]);

    private static CallHistoryEntryMapper Mapper(HistoryMaskingMode mode) => new(new PartyMasker(new HistoryMaskingOptions { Mode = mode }));
}
