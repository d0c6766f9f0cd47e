namespace CallingBot.Core.Manager;

/// <summary>What the call manager does with an incoming call nobody decided on in time.</summary>
public enum UndecidedCallAction
{
    /// <summary>Reject with reason busy, so the caller hears a busy signal at once.</summary>
    RejectBusy,

    /// <summary>Reject without a reason.</summary>
    Reject,

    /// <summary>Do nothing and let the service drop the call at its deadline.</summary>
    Ignore,
}
