namespace CallingBot.Recording.Compliance;

/// <summary>The metadata JSON written next to a call's recording files.</summary>
public sealed record RecordingMetadata(
    string CallId,
    string? PolicyIdentifier,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyList<RecordedParticipant> Participants,
    IReadOnlyList<RecordedFile> Files,
    string? Failure);
