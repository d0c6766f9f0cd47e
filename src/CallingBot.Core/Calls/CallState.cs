namespace CallingBot.Core.Calls;

/// <summary>Lifecycle state of a call, in the order a call normally moves through them.</summary>
public enum CallState
{
    Incoming = 0,
    Establishing = 1,
    Established = 2,
    Hold = 3,
    TransferAccepted = 4,
    Redirecting = 5,
    Terminating = 6,
    Terminated = 7,
}
