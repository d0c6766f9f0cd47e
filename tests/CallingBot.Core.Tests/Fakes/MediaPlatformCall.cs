using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Media.Diagnostics;

namespace CallingBot.Core.Tests.Fakes;

/// <summary>A <see cref="FakePlatformCall"/> with app-hosted media whose statistics the test sets.</summary>
internal sealed class MediaPlatformCall(FakePlatformCall inner) : IPlatformCall, IPlatformCallMedia
{
    public FakePlatformCall Inner { get; } = inner;

    public MediaStatisticsSnapshot? Statistics { get; set; }

    public string CallId => Inner.CallId;

    public string? TenantId => Inner.TenantId;

    MediaStatisticsSnapshot? IPlatformCallMedia.MediaStatistics => Statistics;

    public Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken) => throw new NotSupportedException("No media socket in this fake.");

    public ValueTask CloseMediaAsync() => ValueTask.CompletedTask;

    public Task AnswerAsync(AnswerOptions options, CancellationToken cancellationToken) => Inner.AnswerAsync(options, cancellationToken);

    public Task RejectAsync(RejectReason reason, CancellationToken cancellationToken) => Inner.RejectAsync(reason, cancellationToken);

    public Task RedirectAsync(RedirectOptions options, CancellationToken cancellationToken) => Inner.RedirectAsync(options, cancellationToken);

    public Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken) => Inner.PlayPromptsAsync(prompts, cancellationToken);

    public Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken) => Inner.RecordResponseAsync(options, cancellationToken);

    public Task SubscribeToTonesAsync(CancellationToken cancellationToken) => Inner.SubscribeToTonesAsync(cancellationToken);

    public Task SendDtmfTonesAsync(string tones, CancellationToken cancellationToken) => Inner.SendDtmfTonesAsync(tones, cancellationToken);

    public Task CancelMediaProcessingAsync(CancellationToken cancellationToken) => Inner.CancelMediaProcessingAsync(cancellationToken);

    public Task MuteAsync(CancellationToken cancellationToken) => Inner.MuteAsync(cancellationToken);

    public Task UnmuteAsync(CancellationToken cancellationToken) => Inner.UnmuteAsync(cancellationToken);

    public Task TransferAsync(TransferOptions options, CancellationToken cancellationToken) => Inner.TransferAsync(options, cancellationToken);

    public Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken) => Inner.InviteAsync(participant, cancellationToken);

    public Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken) => Inner.RemoveParticipantAsync(participantId, cancellationToken);

    public Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken) => Inner.UpdateRecordingStatusAsync(status, cancellationToken);

    public Task KeepAliveAsync(CancellationToken cancellationToken) => Inner.KeepAliveAsync(cancellationToken);

    public Task HangUpAsync(CancellationToken cancellationToken) => Inner.HangUpAsync(cancellationToken);

    public void Release() => Inner.Release();
}
