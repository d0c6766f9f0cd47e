namespace CallingBot.Core.Calls;

/// <summary>A participant of a call as last reported by the calling service.</summary>
public sealed record ParticipantInfo(string Id, ParticipantIdentity Identity, bool IsMuted = false, bool IsInLobby = false);
