namespace CallingBot.Core.Recovery;

/// <summary>
/// Where the bot keeps a <see cref="LiveCallRecord"/> per established call, so that a restarted process (or another
/// instance) can take the calls over. Written off the calls' event loops; an implementation must be safe for
/// concurrent use and must not keep records of calls it was told to remove.
/// </summary>
public interface ILiveCallStore
{
    /// <summary>Stores <paramref name="record"/>, replacing the record of the same call.</summary>
    ValueTask SaveAsync(LiveCallRecord record, CancellationToken cancellationToken);

    /// <summary>Forgets the call's record; nothing happens when there is none.</summary>
    ValueTask RemoveAsync(string callId, CancellationToken cancellationToken);

    /// <summary>The call's record, or null.</summary>
    ValueTask<LiveCallRecord?> FindAsync(string callId, CancellationToken cancellationToken);

    /// <summary>Every record kept.</summary>
    ValueTask<IReadOnlyList<LiveCallRecord>> LoadAllAsync(CancellationToken cancellationToken);
}
