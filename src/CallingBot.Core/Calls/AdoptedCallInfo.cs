namespace CallingBot.Core.Calls;

/// <summary>
/// An established call the bot takes over after the handler that served it is gone (see
/// <see cref="Routing.IIncomingCallRouter.AdoptAsync"/>). The calling service kept the call up; the bot rebuilt its
/// view of it from the service and from what the previous handler saved with
/// <see cref="Handlers.ICallContext.SaveStateAsync"/>.
/// </summary>
/// <param name="CallId">The call's id at the calling service.</param>
/// <param name="TenantId">The tenant of the call, when known.</param>
/// <param name="Direction">Who placed the call.</param>
/// <param name="Media">How its media is hosted; only service-hosted calls are adopted.</param>
/// <param name="Reason">Why the call is adopted.</param>
/// <param name="CreatedAt">When the bot first saw the call; null when no record of it survived.</param>
/// <param name="PreviousHandler">The type name of the handler that served the call before; null when unknown.</param>
/// <param name="SavedState">What the previous handler saved (empty when it saved nothing or no record survived).</param>
public sealed record AdoptedCallInfo(
    string CallId,
    string? TenantId,
    CallDirection Direction,
    MediaHosting Media,
    AdoptionReason Reason,
    DateTimeOffset? CreatedAt,
    string? PreviousHandler,
    IReadOnlyDictionary<string, string> SavedState);
