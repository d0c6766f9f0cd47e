namespace CallingBot.Emulator.Calls;

/// <summary>Graph call states, as they appear on the wire.</summary>
public static class CallStates
{
    public const string Incoming = "incoming";
    public const string Establishing = "establishing";
    public const string Ringing = "ringing";
    public const string Established = "established";
    public const string Hold = "hold";
    public const string Transferring = "transferring";
    public const string TransferAccepted = "transferAccepted";
    public const string Redirecting = "redirecting";
    public const string Terminating = "terminating";
    public const string Terminated = "terminated";
}
