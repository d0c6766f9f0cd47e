namespace CallingBot.Core.Calls;

public enum CallDirection
{
    Incoming,
    Outgoing,
}
