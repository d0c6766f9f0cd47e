namespace CallingBot.Emulator.Calls;

/// <summary>
/// A call was told to make a move <see cref="CallTransitions"/> does not allow: a fault in the emulator, not in the
/// request (requests in the wrong state are refused earlier, with 409).
/// </summary>
internal sealed class InvalidCallTransitionException : InvalidOperationException
{
    public InvalidCallTransitionException(string callId, EmulatedCallState from, EmulatedCallState to)
        : base($"Call '{callId}' cannot move from '{from.WireName()}' to '{to.WireName()}'.")
    {
        From = from;
        To = to;
    }

    public EmulatedCallState From { get; }

    public EmulatedCallState To { get; }
}
