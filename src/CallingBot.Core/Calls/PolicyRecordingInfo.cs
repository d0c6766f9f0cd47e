namespace CallingBot.Core.Calls;

/// <summary>The compliance-recording context of an invitation (applicationMetadata.botData of the incoming call).</summary>
public sealed record PolicyRecordingInfo(
    string PolicyIdentifier,
    IReadOnlyList<string> InviteReasons,
    IReadOnlyList<ParticipantIdentity> RecordedParticipants,
    string? PairedRecorderId = null,
    IReadOnlyList<string>? OtherRecorderIds = null);
