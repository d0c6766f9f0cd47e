namespace CallingBot.Recording.Compliance;

/// <summary>The metadata JSON written next to a call's recording files.</summary>
/// <param name="Files">Every file, each with its name and, for a participant file, the participant's full id.</param>
/// <param name="MixedOnlyParticipants">
/// Participants whose audio is only in the mixed file because <see cref="ComplianceRecordingOptions.MaxParticipantTracks"/>
/// participants already had files of their own, in the order they were first heard.
/// </param>
public sealed record RecordingMetadata(
    string CallId,
    string? PolicyIdentifier,
    string Status,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    IReadOnlyList<RecordedParticipant> Participants,
    IReadOnlyList<RecordedFile> Files,
    IReadOnlyList<string> MixedOnlyParticipants,
    string? Failure);
