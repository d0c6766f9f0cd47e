namespace CallingBot.Core.Recovery;

/// <summary>What the bot does with a call it held before a restart and the calling service still has up.</summary>
public enum RecoveryAction
{
    /// <summary>Takes the call over: the router picks a handler (<see cref="Routing.IIncomingCallRouter.AdoptAsync"/>), keepAlive resumes.</summary>
    Adopt,

    /// <summary>Ends the call.</summary>
    HangUp,
}
