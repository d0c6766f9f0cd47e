using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;

namespace CallingBot.Core.Platform;

/// <summary>
/// One call on the calling service, as the signaling adapter (Graph, ACS, a fake) exposes it.
/// Methods complete when the service has accepted (and, where it reports one, completed) the operation.
/// </summary>
public interface IPlatformCall
{
    string CallId { get; }

    string? TenantId { get; }

    /// <summary>
    /// The service's id that ties the legs of one call together, for its support and logs (Graph's callChainId, ACS's
    /// server call id); null when the service gave none.
    /// </summary>
    string? CorrelationId => null;

    Task AnswerAsync(AnswerOptions options, CancellationToken cancellationToken);

    Task RejectAsync(RejectReason reason, CancellationToken cancellationToken);

    Task RedirectAsync(RedirectOptions options, CancellationToken cancellationToken);

    Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken);

    Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken);

    Task SubscribeToTonesAsync(CancellationToken cancellationToken);

    Task SendDtmfTonesAsync(string tones, CancellationToken cancellationToken);

    Task CancelMediaProcessingAsync(CancellationToken cancellationToken);

    Task MuteAsync(CancellationToken cancellationToken);

    Task UnmuteAsync(CancellationToken cancellationToken);

    Task TransferAsync(TransferOptions options, CancellationToken cancellationToken);

    Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken);

    Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken);

    /// <summary>
    /// Mutes another participant of the call (a server mute: the service drops its audio). Completes when the service
    /// has accepted it; the roster then reports the participant muted. Platforms that cannot mute others (and this
    /// default) fail with <see cref="NotSupportedException"/> naming the verb.
    /// </summary>
    Task MuteParticipantAsync(string participantId, CancellationToken cancellationToken) =>
        Task.FromException(new NotSupportedException("This calling platform cannot mute another participant (MuteParticipantAsync)."));

    Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken);

    Task KeepAliveAsync(CancellationToken cancellationToken);

    Task HangUpAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The bot holds this call no more: it ended, or the bot dropped it (the service refused it as unknown, or it was
    /// never established in time). Frees what the adapter and its SDK keep for the call; sends nothing to the service.
    /// Called once by the call manager when the call leaves it; must be idempotent and must not throw.
    /// </summary>
    void Release();
}
