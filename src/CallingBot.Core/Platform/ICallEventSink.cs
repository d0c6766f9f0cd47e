using CallingBot.Core.Calls;

namespace CallingBot.Core.Platform;

/// <summary>
/// Receives what the signaling adapter learns from the calling service. Implementations must return quickly:
/// the adapter calls them on its notification path.
/// </summary>
public interface ICallEventSink
{
    void OnIncomingCall(IPlatformCall call, IncomingCallInfo info);

    void OnCallEvent(CallEvent callEvent);

    /// <summary>
    /// Policy-based recording: another participant of the policy group asks to join <paramref name="callId"/>
    /// (a participantJoiningNotification). The calling service expects the answer in the response to that
    /// notification, so this decides synchronously. True accepts the participant into this call; false rejects,
    /// and the service invites another bot instance. Unknown or ended calls reject.
    /// </summary>
    bool OnParticipantJoining(string callId, ParticipantInfo participant);
}
