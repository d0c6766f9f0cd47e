namespace CallingBot.Core.Calls;

/// <summary>Why the bot took over a call that was already established (<see cref="AdoptedCallInfo.Reason"/>).</summary>
public enum AdoptionReason
{
    /// <summary>This instance held the call, stopped without ending it (a crash, a kill) and started again.</summary>
    Restart,

    /// <summary>Another instance of the service held the call and left (it died or was drained).</summary>
    InstanceLost,

    /// <summary>
    /// A notification arrived for a call of the bot's application that no record names (its record was lost); the
    /// handler starts without saved state.
    /// </summary>
    Unrecorded,

    /// <summary>
    /// Another instance of the service held the call and handed it over while it was being stopped (a drain in a
    /// cluster): it saved the handler's state and let the call go without ending it.
    /// </summary>
    HandedOver,
}
