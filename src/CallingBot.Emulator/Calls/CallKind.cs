namespace CallingBot.Emulator.Calls;

/// <summary>The scenario a call belongs to.</summary>
public enum CallKind
{
    PeerToPeer,
    Group,
    Pstn,
    Meeting,
    ChannelMeeting,
    PolicyRecording,
}
