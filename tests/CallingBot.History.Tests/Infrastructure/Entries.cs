using CallingBot.History.Records;

namespace CallingBot.History.Tests.Infrastructure;

/// <summary>History entries for store tests: every field set, times on whole microseconds.</summary>
internal static class Entries
{
    public static readonly DateTimeOffset Start = new(2026, 1, 1, 9, 0, 0, TimeSpan.Zero);

    public static CallHistoryEntry Full(string callId, DateTimeOffset startedAt) => new()
    {
        CallId = callId,
        CorrelationId = "chain-" + callId,
        TenantId = "7a6c2f4e-1b3d-4e5f-8a9b-0c1d2e3f4a5b",
        Direction = "incoming",
        Outcome = "answered",
        Caller = new CallHistoryParty("phone", "+*******0123", null),
        Callees = [new CallHistoryParty("user", "h:00112233445566778899aabbccddeeff", null), new CallHistoryParty("applicationInstance", "h:ffeeddccbbaa99887766554433221100", "Front desk")],
        StartedAt = startedAt,
        AnsweredAt = startedAt.AddTicks(12_345_670),
        EndedAt = startedAt.AddMinutes(3).AddTicks(10),
        TerminationCode = 200,
        TerminationSubcode = 5010,
        TerminationMessage = "Call ended by the remote party, \"bye\".",
        Handler = "IvrMenuHandler",
        Media = "appHosted",
        RecordingStatus = "recording",
        MediaQuality = new CallHistoryMediaQuality
        {
            FramesReceived = 9000,
            FramesDropped = 3,
            FramesMissing = 12,
            FramesSent = 8990,
            FramesLate = 4,
            OutboundDropped = 1,
            JitterMs = 2.5,
            ProcessingDelayP99Ms = 0.75,
            SendDelayP99Ms = 1.25,
        },
        Events = [new CallHistoryEvent(startedAt.AddTicks(20), "decision", "answer (AppHosted)"), new CallHistoryEvent(startedAt.AddSeconds(1), "state", "Established")],
    };

    public static CallHistoryEntry Minimal(string callId, DateTimeOffset startedAt, string direction = "outgoing", string outcome = "placed") => new()
    {
        CallId = callId,
        Direction = direction,
        Outcome = outcome,
        StartedAt = startedAt,
        EndedAt = startedAt.AddSeconds(30),
        Media = "serviceHosted",
    };
}
