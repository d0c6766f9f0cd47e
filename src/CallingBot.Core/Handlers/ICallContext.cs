using CallingBot.Core.Calls;
using CallingBot.Core.Media;

namespace CallingBot.Core.Handlers;

/// <summary>
/// The handler's view of one call: what is known about it and the verbs it supports.
/// Every verb observes both the token passed in and <see cref="CallEnded"/>.
/// </summary>
public interface ICallContext
{
    string CallId { get; }

    CallDirection Direction { get; }

    CallState State { get; }

    string? TenantId { get; }

    MediaHosting Media { get; }

    /// <summary>For incoming calls: what the calling service said about the call.</summary>
    IncomingCallInfo? Incoming { get; }

    IReadOnlyCollection<ParticipantInfo> Participants { get; }

    /// <summary>Cancelled as soon as the call terminates; pass it on to any work tied to the call.</summary>
    CancellationToken CallEnded { get; }

    /// <summary>
    /// Free-form state a handler keeps with the call. Thread-safe: <see cref="CallHandler.AcceptJoiningParticipant"/>
    /// may use it while another callback of the call runs.
    /// </summary>
    IDictionary<string, object?> Items { get; }

    /// <summary>
    /// What the handler last saved with <see cref="SaveStateAsync"/>; for an adopted call, what the previous handler
    /// saved. Empty when nothing was saved.
    /// </summary>
    IReadOnlyDictionary<string, string> SavedState => EmptyState.Instance;

    /// <summary>
    /// Saves <paramref name="state"/> with the call, replacing what was saved before, so that a handler adopting the
    /// call after a restart or the loss of an instance (<see cref="CallHandler.OnAdoptedAsync"/>) can continue where
    /// this one was. Completes once the state is stored. At most 64 entries, keys up to 128 characters, 16 KiB in all.
    /// </summary>
    /// <exception cref="ArgumentException">The state is over the limits.</exception>
    /// <exception cref="NotSupportedException">This implementation of the interface cannot save state.</exception>
    Task SaveStateAsync(IReadOnlyDictionary<string, string> state, CancellationToken cancellationToken = default) =>
        Task.FromException(new NotSupportedException("This call context cannot save state."));

    Task PlayPromptAsync(Prompt prompt, CancellationToken cancellationToken = default);

    Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken = default);

    Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken = default);

    /// <summary>Collects keys pressed by the caller. Tone subscription happens automatically.</summary>
    Task<DigitCollectionResult> CollectDigitsAsync(DigitCollectionOptions options, CancellationToken cancellationToken = default);

    /// <summary>Sends DTMF keys (0-9, *, #, A-D) into the call.</summary>
    Task SendDtmfAsync(string tones, CancellationToken cancellationToken = default);

    Task CancelMediaProcessingAsync(CancellationToken cancellationToken = default);

    Task MuteAsync(CancellationToken cancellationToken = default);

    Task UnmuteAsync(CancellationToken cancellationToken = default);

    /// <summary>Blind transfer: the caller is handed to <paramref name="target"/> and the bot leaves.</summary>
    Task TransferAsync(ParticipantIdentity target, CancellationToken cancellationToken = default);

    /// <summary>Consultative transfer: the caller replaces the bot in the bot's other call <paramref name="consultationCallId"/> with the target.</summary>
    Task TransferAsync(ParticipantIdentity target, string consultationCallId, CancellationToken cancellationToken = default);

    Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken = default);

    Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Mutes another participant (<paramref name="participantId"/> is <see cref="ParticipantInfo.Id"/> from the roster).
    /// It is a server mute: the participant cannot unmute itself on ACS, and on Teams it can. Completes when the calling
    /// service has accepted the request; <see cref="CallHandler.OnParticipantMuteChangedAsync"/> follows. Use
    /// <see cref="MuteAsync"/> to mute the bot itself.
    /// </summary>
    /// <exception cref="NotSupportedException">The call's platform (or this implementation) cannot mute other participants.</exception>
    Task MuteParticipantAsync(string participantId, CancellationToken cancellationToken = default) =>
        Task.FromException(new NotSupportedException("This call context cannot mute other participants."));

    Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken = default);

    /// <summary>
    /// The raw audio (and video) of an app-hosted call (<see cref="Media"/> is <see cref="MediaHosting.AppHosted"/>).
    /// Completes when the calling service has connected the call's media; compose processors on the pipeline and
    /// start it. On ACS, where media streaming can be stopped and started, it is the current stream's media (starting
    /// the stream when it is not running), and each stream has its own pipeline.
    /// </summary>
    /// <exception cref="InvalidOperationException">The call is service-hosted: answer or place it with <see cref="MediaHosting.AppHosted"/>.</exception>
    /// <exception cref="NotSupportedException">
    /// The calling platform of the call (or this implementation of the interface, whose default does not provide
    /// media) cannot carry app-hosted media.
    /// </exception>
    /// <exception cref="OperationCanceledException">The call ended, or <paramref name="cancellationToken"/> was cancelled, first.</exception>
    Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken = default) =>
        Task.FromException<ICallMedia>(new NotSupportedException("This call context does not provide app-hosted media."));

    /// <summary>
    /// Stops the calling service streaming the call's app-hosted media (ACS Stop Media Streaming); completes when it
    /// has stopped. The media <see cref="GetMediaAsync"/> gave is then disconnected (<see cref="ICallMedia.Disconnected"/>
    /// fires); its pipeline drains when the stream is started again or the call ends. Nothing happens when the media
    /// is not streaming.
    /// </summary>
    /// <exception cref="InvalidOperationException">The call is service-hosted.</exception>
    /// <exception cref="NotSupportedException">
    /// The call's platform streams app-hosted media for the whole call (Teams), or this implementation cannot.
    /// </exception>
    Task StopMediaStreamingAsync(CancellationToken cancellationToken = default) =>
        Task.FromException(new NotSupportedException("This call context cannot stop media streaming."));

    /// <summary>
    /// Starts the calling service streaming the call's app-hosted media again after
    /// <see cref="StopMediaStreamingAsync"/> (ACS Start Media Streaming); completes when it has started. The new stream
    /// has a new pipeline: call <see cref="GetMediaAsync"/> for it and compose its processors. Nothing happens when
    /// the media is streaming. (<see cref="GetMediaAsync"/> also starts a stream that is not running.)
    /// </summary>
    /// <exception cref="InvalidOperationException">The call is service-hosted.</exception>
    /// <exception cref="NotSupportedException">
    /// The call's platform streams app-hosted media for the whole call (Teams), or this implementation cannot.
    /// </exception>
    Task StartMediaStreamingAsync(CancellationToken cancellationToken = default) =>
        Task.FromException(new NotSupportedException("This call context cannot start media streaming."));

    /// <summary>Ends the call for everyone the bot is connected to.</summary>
    Task HangUpAsync(CancellationToken cancellationToken = default);
}
