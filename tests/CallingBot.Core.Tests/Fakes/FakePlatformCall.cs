using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>One call on the <see cref="FakeCallingPlatform"/>: records every operation and raises this call's events.</summary>
public sealed class FakePlatformCall : IPlatformCall
{
    private readonly FakeCallingPlatform _platform;
    private int _releaseCount;

    internal FakePlatformCall(FakeCallingPlatform platform, string callId, string? tenantId)
    {
        _platform = platform;
        CallId = callId;
        TenantId = tenantId;
    }

    public string CallId { get; }

    public string? TenantId { get; }

    public string? CorrelationId { get; set; }

    public OperationRecorder Recorder { get; } = new();

    public RecordResponseResult RecordResponseResult { get; set; } = new("stopToneDetected", new Uri("https://media.example/recording/1"), "secret-token");

    public void Raise(CallEvent callEvent) => _platform.Raise(callEvent);

    public void RaiseState(CallState state, CallTermination? termination = null) => Raise(new CallStateChanged(CallId, state, termination));

    public void RaiseRemoved() => Raise(new CallRemoved(CallId));

    /// <summary>Terminated followed by removal, as the service reports the end of a call.</summary>
    public void RaiseEnded(CallTermination? termination = null)
    {
        RaiseState(CallState.Terminated, termination);
        RaiseRemoved();
    }

    public void RaiseTones(string keys)
    {
        foreach (var key in keys)
        {
            Raise(new ToneReceived(CallId, key));
        }
    }

    public void RaiseParticipants(IReadOnlyList<ParticipantInfo>? joined = null, IReadOnlyList<ParticipantInfo>? left = null, IReadOnlyList<ParticipantInfo>? updated = null) =>
        Raise(new ParticipantsChanged(CallId, joined ?? [], left ?? [], updated ?? []));

    public Task AnswerAsync(AnswerOptions options, CancellationToken cancellationToken) => Run(nameof(AnswerAsync), options, cancellationToken);

    public Task RejectAsync(RejectReason reason, CancellationToken cancellationToken) => Run(nameof(RejectAsync), reason, cancellationToken);

    public Task RedirectAsync(RedirectOptions options, CancellationToken cancellationToken) => Run(nameof(RedirectAsync), options, cancellationToken);

    public Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken) => Run(nameof(PlayPromptsAsync), prompts, cancellationToken);

    public async Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken)
    {
        await Run(nameof(RecordResponseAsync), options, cancellationToken).ConfigureAwait(false);
        return RecordResponseResult;
    }

    public Task SubscribeToTonesAsync(CancellationToken cancellationToken) => Run(nameof(SubscribeToTonesAsync), null, cancellationToken);

    public Task SendDtmfTonesAsync(string tones, CancellationToken cancellationToken) => Run(nameof(SendDtmfTonesAsync), tones, cancellationToken);

    public Task CancelMediaProcessingAsync(CancellationToken cancellationToken) => Run(nameof(CancelMediaProcessingAsync), null, cancellationToken);

    public Task MuteAsync(CancellationToken cancellationToken) => Run(nameof(MuteAsync), null, cancellationToken);

    public Task UnmuteAsync(CancellationToken cancellationToken) => Run(nameof(UnmuteAsync), null, cancellationToken);

    public Task TransferAsync(TransferOptions options, CancellationToken cancellationToken) => Run(nameof(TransferAsync), options, cancellationToken);

    public Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken) => Run(nameof(InviteAsync), participant, cancellationToken);

    public Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken) => Run(nameof(RemoveParticipantAsync), participantId, cancellationToken);

    public Task MuteParticipantAsync(string participantId, CancellationToken cancellationToken) => Run(nameof(MuteParticipantAsync), participantId, cancellationToken);

    public Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken) => Run(nameof(UpdateRecordingStatusAsync), status, cancellationToken);

    public Task KeepAliveAsync(CancellationToken cancellationToken) => Run(nameof(KeepAliveAsync), null, cancellationToken);

    public Task HangUpAsync(CancellationToken cancellationToken) => Run(nameof(HangUpAsync), null, cancellationToken);

    /// <summary>How often the manager released the call (not an operation on the service, so not in <see cref="Recorder"/>).</summary>
    public int ReleaseCount => Volatile.Read(ref _releaseCount);

    public void Release() => Interlocked.Increment(ref _releaseCount);

    private Task Run(string name, object? argument, CancellationToken cancellationToken) => Recorder.RunAsync(name, argument, cancellationToken);
}
