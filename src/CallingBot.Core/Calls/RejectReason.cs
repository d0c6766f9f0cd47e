namespace CallingBot.Core.Calls;

public enum RejectReason
{
    None,
    Busy,
    Forbidden,
}
