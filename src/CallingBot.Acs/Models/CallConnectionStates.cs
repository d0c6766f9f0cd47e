namespace CallingBot.Acs.Models;

/// <summary>Values of <see cref="CallConnectionProperties.CallConnectionState"/>.</summary>
public static class CallConnectionStates
{
    public const string Unknown = "unknown";

    public const string Connecting = "connecting";

    public const string Connected = "connected";

    public const string Transferring = "transferring";

    public const string TransferAccepted = "transferAccepted";

    public const string Disconnecting = "disconnecting";

    public const string Disconnected = "disconnected";
}
