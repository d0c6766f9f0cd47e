namespace CallingBot.Emulator.Calls;

/// <summary>The states an emulated call moves through. <see cref="CallTransitions"/> says which moves are legal.</summary>
internal enum EmulatedCallState
{
    /// <summary>An incoming call offered to the bot, not yet answered, rejected or redirected.</summary>
    Incoming,

    /// <summary>Answered, or an outgoing call placed and not yet connected.</summary>
    Establishing,

    Established,

    /// <summary>A transfer was asked for; the call returns to <see cref="Established"/> if the target refuses.</summary>
    Transferring,

    TransferAccepted,

    /// <summary>An incoming call being forwarded; it ends next.</summary>
    Redirecting,

    /// <summary>The bot hung up or rejected; the call ends once the response has been written.</summary>
    Terminating,

    /// <summary>Final: the <c>deleted</c> notification has been queued.</summary>
    Terminated,
}
