namespace CallingBot.Core.Platform;

/// <summary>
/// Receives what the signaling adapter learns from the calling service. Implementations must return quickly:
/// the adapter calls them on its notification path.
/// </summary>
public interface ICallEventSink
{
    void OnIncomingCall(IPlatformCall call, IncomingCallInfo info);

    void OnCallEvent(CallEvent callEvent);
}
