namespace CallingBot.Recording.Compliance;

/// <summary>A participant of a recorded call and when they were in it (null <paramref name="LeftAt"/>: until the end).</summary>
public sealed record RecordedParticipant(string Id, string Identity, string? DisplayName, DateTimeOffset JoinedAt, DateTimeOffset? LeftAt);
