namespace CallingBot.Emulator.Control;

/// <summary>A participant of an emulated call at one moment.</summary>
public sealed record ParticipantSnapshot(
    string Id,
    string IdentityKind,
    string IdentityId,
    string? DisplayName,
    bool IsBot,
    bool IsMuted,
    bool IsInLobby,
    bool IsSharingScreen,
    string ScreenSharingRole,
    string? RecordingStatus,
    IReadOnlyList<string> Modalities);
