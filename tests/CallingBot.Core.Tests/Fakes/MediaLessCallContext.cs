using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>An <see cref="ICallContext"/> that keeps the interface's default <see cref="ICallContext.GetMediaAsync"/>; nothing else is used.</summary>
public sealed class MediaLessCallContext : ICallContext
{
    public string CallId => "call-1";

    public CallDirection Direction => CallDirection.Incoming;

    public CallState State => CallState.Established;

    public string? TenantId => null;

    public MediaHosting Media => MediaHosting.AppHosted;

    public IncomingCallInfo? Incoming => null;

    public IReadOnlyCollection<ParticipantInfo> Participants => [];

    public CancellationToken CallEnded => CancellationToken.None;

    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();

    public Task PlayPromptAsync(Prompt prompt, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task<DigitCollectionResult> CollectDigitsAsync(DigitCollectionOptions options, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task SendDtmfAsync(string tones, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task CancelMediaProcessingAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task MuteAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task UnmuteAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task TransferAsync(ParticipantIdentity target, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task TransferAsync(ParticipantIdentity target, string consultationCallId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken = default) => throw new NotSupportedException();

    public Task HangUpAsync(CancellationToken cancellationToken = default) => throw new NotSupportedException();
}
