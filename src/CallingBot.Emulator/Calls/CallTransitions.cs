namespace CallingBot.Emulator.Calls;

/// <summary>The moves an emulated call may make between its states, and the states' names on the wire.</summary>
internal static class CallTransitions
{
    private static readonly Dictionary<EmulatedCallState, EmulatedCallState[]> Allowed = new()
    {
        [EmulatedCallState.Incoming] = [EmulatedCallState.Establishing, EmulatedCallState.Redirecting, EmulatedCallState.Terminating, EmulatedCallState.Terminated],
        [EmulatedCallState.Establishing] = [EmulatedCallState.Established, EmulatedCallState.Terminating, EmulatedCallState.Terminated],
        [EmulatedCallState.Established] = [EmulatedCallState.Transferring, EmulatedCallState.Terminating, EmulatedCallState.Terminated],
        [EmulatedCallState.Transferring] = [EmulatedCallState.TransferAccepted, EmulatedCallState.Established, EmulatedCallState.Terminating, EmulatedCallState.Terminated],
        [EmulatedCallState.TransferAccepted] = [EmulatedCallState.Terminating, EmulatedCallState.Terminated],
        [EmulatedCallState.Redirecting] = [EmulatedCallState.Terminating, EmulatedCallState.Terminated],
        [EmulatedCallState.Terminating] = [EmulatedCallState.Terminated],
        [EmulatedCallState.Terminated] = [],
    };

    /// <summary>Whether a call in <paramref name="from"/> may move to <paramref name="to"/>. Staying put is not a move.</summary>
    public static bool IsAllowed(EmulatedCallState from, EmulatedCallState to) => Allowed[from].Contains(to);

    /// <summary>The state as Graph writes it (<see cref="CallStates"/>).</summary>
    public static string WireName(this EmulatedCallState state) => state switch
    {
        EmulatedCallState.Incoming => CallStates.Incoming,
        EmulatedCallState.Establishing => CallStates.Establishing,
        EmulatedCallState.Established => CallStates.Established,
        EmulatedCallState.Transferring => CallStates.Transferring,
        EmulatedCallState.TransferAccepted => CallStates.TransferAccepted,
        EmulatedCallState.Redirecting => CallStates.Redirecting,
        EmulatedCallState.Terminating => CallStates.Terminating,
        EmulatedCallState.Terminated => CallStates.Terminated,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "Unknown call state."),
    };
}
