namespace CallingBot.Core.Recovery;

/// <summary>How <see cref="Manager.ICallManager.TakeOverAsync"/> settled a call another process held.</summary>
public enum TakeOverResult
{
    /// <summary>The call is held by this process now (taken over, or it already was).</summary>
    Adopted,

    /// <summary>The call was up but could not be continued (app-hosted media, not established, no handler): it was hung up.</summary>
    HungUp,

    /// <summary>The calling service no longer has the call up (or it ended in this process).</summary>
    Gone,

    /// <summary>The service could not be asked, or this process is stopping: nothing changed; try again later.</summary>
    NotSettled,
}
