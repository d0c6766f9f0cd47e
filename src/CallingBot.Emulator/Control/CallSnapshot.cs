using CallingBot.Emulator.Calls;

namespace CallingBot.Emulator.Control;

/// <summary>An emulated call at one moment.</summary>
public sealed record CallSnapshot(
    string Id,
    string AppId,
    string TenantId,
    string Direction,
    CallKind Kind,
    string State,
    string CallbackUri,
    string? MediaConfigType,
    string? MediaConfig,
    IReadOnlyList<string> RequestedModalities,
    IReadOnlyList<string> ActiveModalities,
    string RecordingStatus,
    bool IsMuted,
    bool IsToneSubscribed,
    bool IsDeltaRosterEnabled,
    string MyParticipantId,
    string? MeetingThreadId,
    int? ResultCode,
    int? ResultSubcode,
    string? ResultMessage,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EndedAt,
    int TimelineEntries,
    long TimelineEntriesDropped,
    IReadOnlyList<ParticipantSnapshot> Participants);
