namespace CallingBot.Recording.Compliance;

/// <summary>One committed (or, after a storage failure, kept temporary) recording file.</summary>
/// <param name="Name">File name in the storage.</param>
/// <param name="Kind"><c>mixed</c> or <c>participant</c>.</param>
/// <param name="ParticipantId">For a participant file, whose audio it holds.</param>
/// <param name="Segment">0 for the first set of files; later segments follow storage failures that were retried.</param>
/// <param name="Bytes">File size in bytes (header included).</param>
/// <param name="AudioBytes">PCM bytes in the data chunk.</param>
/// <param name="Sha256">Lower-case hex SHA-256 of the whole file; null when the file could not be committed.</param>
/// <param name="Committed">False when the file stayed under its temporary name because storage failed.</param>
public sealed record RecordedFile(string Name, string Kind, string? ParticipantId, int Segment, long Bytes, long AudioBytes, string? Sha256, bool Committed);
