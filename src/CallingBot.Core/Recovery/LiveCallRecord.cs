using CallingBot.Core.Calls;

namespace CallingBot.Core.Recovery;

/// <summary>
/// What the bot keeps about one established call so that it can take the call over if the process holding it is
/// lost: enough to ask the calling service for the call and to recreate its handler.
/// </summary>
/// <param name="CallId">The call's id at the calling service.</param>
/// <param name="TenantId">The call's tenant, when known.</param>
/// <param name="Direction">Who placed the call.</param>
/// <param name="Media">How its media is hosted (an app-hosted call cannot continue without its media process).</param>
/// <param name="CreatedAt">When the bot first saw the call.</param>
/// <param name="EstablishedAt">When the call was established.</param>
/// <param name="Handler">The type name of the handler serving the call.</param>
/// <param name="State">What the handler saved (<see cref="Handlers.ICallContext.SaveStateAsync"/>).</param>
public sealed record LiveCallRecord(
    string CallId,
    string? TenantId,
    CallDirection Direction,
    MediaHosting Media,
    DateTimeOffset CreatedAt,
    DateTimeOffset? EstablishedAt,
    string? Handler,
    IReadOnlyDictionary<string, string> State)
{
    /// <summary>
    /// The recording status the service last accepted for the call (<see cref="Handlers.ICallContext.UpdateRecordingStatusAsync"/>),
    /// or null when none was set. A call that was being recorded and cannot be continued (its app-hosted media was in the
    /// lost process) gets <see cref="RecordingStatus.Failed"/> before it is hung up.
    /// </summary>
    public RecordingStatus? RecordingStatus { get; init; }
}
