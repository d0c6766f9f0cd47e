using System.Collections.Concurrent;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Core.Platform;

namespace CallingBot.Recording.Tests.Fakes;

/// <summary>Records the recording statuses and hang-ups a component asks of a call; other verbs are not used.</summary>
public sealed class FakeCallContext : ICallContext, IDisposable
{
    private readonly CancellationTokenSource _ended = new();
    private readonly ConcurrentQueue<string> _operations = new();

    public IReadOnlyList<string> Operations => _operations.ToArray();

    public string CallId => "call-1";

    public CallDirection Direction => CallDirection.Incoming;

    public CallState State => _ended.IsCancellationRequested ? CallState.Terminated : CallState.Established;

    public string? TenantId => "tenant-1";

    public MediaHosting Media => MediaHosting.AppHosted;

    public IncomingCallInfo? Incoming => null;

    public IReadOnlyCollection<ParticipantInfo> Participants { get; set; } = [];

    /// <summary>What <see cref="GetMediaAsync"/> returns; null: the media never connects (the call ends first).</summary>
    public ICallMedia? CallMedia { get; set; }

    public CancellationToken CallEnded => _ended.Token;

    public IDictionary<string, object?> Items { get; } = new Dictionary<string, object?>();

    public Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken = default)
    {
        _operations.Enqueue($"status:{status}");
        return Task.CompletedTask;
    }

    public Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        _operations.Enqueue("hang-up");
        _ended.Cancel();
        return Task.CompletedTask;
    }

    public Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken = default) =>
        CallMedia is { } media ? Task.FromResult(media) : Task.FromCanceled<ICallMedia>(new CancellationToken(canceled: true));

    /// <summary>The call ends (as the service's deleted notification would end it).</summary>
    public void End() => _ended.Cancel();

    public void Dispose() => _ended.Dispose();

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
}
