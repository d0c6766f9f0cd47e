using CallingBot.Core.Calls;

namespace CallingBot.Core.Platform;

/// <summary>Something the calling service reported about a call. Raised by the signaling adapter.</summary>
public abstract record CallEvent(string CallId);

/// <summary>The call moved to <paramref name="State"/>; <paramref name="Termination"/> is set when it ended.</summary>
public sealed record CallStateChanged(string CallId, CallState State, CallTermination? Termination = null) : CallEvent(CallId);

/// <summary>The roster changed. Each list holds only the participants that changed.</summary>
public sealed record ParticipantsChanged(
    string CallId,
    IReadOnlyList<ParticipantInfo> Joined,
    IReadOnlyList<ParticipantInfo> Left,
    IReadOnlyList<ParticipantInfo> Updated) : CallEvent(CallId);

/// <summary>A DTMF key (0-9, *, #, A-D) was pressed by a remote participant.</summary>
public sealed record ToneReceived(string CallId, char Tone) : CallEvent(CallId);

/// <summary>Someone started (<paramref name="Started"/> true) or stopped sharing content.</summary>
public sealed record ContentSharingChanged(string CallId, string SessionId, bool Started) : CallEvent(CallId);

/// <summary>The calling service no longer knows the call: the last event for it.</summary>
public sealed record CallRemoved(string CallId) : CallEvent(CallId);
