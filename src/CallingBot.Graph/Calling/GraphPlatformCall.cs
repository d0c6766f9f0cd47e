using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Graph.Media;
using CallingBot.Graph.Notifications;
using CallingBot.Media.Diagnostics;
using CallingBot.Media.Sessions;
using Microsoft.Graph.Communications.Calls;
using Microsoft.Graph.Communications.Resources;
using Microsoft.Graph.Models;
using CorePrompt = CallingBot.Core.Calls.Prompt;
using CoreRecordingStatus = CallingBot.Core.Calls.RecordingStatus;
using CoreRejectReason = CallingBot.Core.Calls.RejectReason;
using GraphParticipantInfo = Microsoft.Graph.Models.ParticipantInfo;

namespace CallingBot.Graph.Calling;

/// <summary>
/// One SDK call behind <see cref="IPlatformCall"/>. Subscribes to the call's SDK events and turns them into
/// <see cref="Core.Platform.CallEvent"/>s for the sink; never blocks the SDK's event thread.
/// </summary>
internal sealed class GraphPlatformCall : IPlatformCall, IPlatformCallMedia, IDisposable
{
    private readonly GraphCallingPlatform _owner;
    private readonly ICall _call;
    private readonly ICallEventSink _sink;
    private readonly IMediaSessionFactory? _mediaSessions;
    private readonly string? _fallbackTenantId;
    private IAppHostedMediaSession? _media;
    private long _lastToneSequence = -1;
    private int _removed;

    /// <param name="fallbackTenantId">The tenant the bot asked for or is configured with, when the SDK's call names none.</param>
    public GraphPlatformCall(GraphCallingPlatform owner, ICall call, ICallEventSink sink, IMediaSessionFactory? mediaSessions, string? fallbackTenantId)
    {
        _owner = owner;
        _fallbackTenantId = fallbackTenantId;
        _call = call;
        _sink = sink;
        _mediaSessions = mediaSessions;
        CallId = call.Id;
        if (call.MediaSession is IAppHostedMediaSession media)
        {
            media.Attach(call);
            _media = media;
        }

        _call.OnUpdated += OnCallUpdated;
        _call.Participants.OnUpdated += OnParticipantsUpdated;
        _call.ContentSharingSessions.OnUpdated += OnContentSharingUpdated;
        _call.ParticipantJoiningHandler = OnParticipantJoining;

        // A call the bot placed may have moved on before these subscriptions existed (its notifications race the
        // 201 response); report where it is now. The call manager ignores states that do not move a call forward.
        if (call.Resource?.State is { } state and not Microsoft.Graph.Models.CallState.Incoming)
        {
            var current = GraphModelMapper.FromState(state);
            _sink.OnCallEvent(new CallStateChanged(CallId, current, current == Core.Calls.CallState.Terminated ? GraphModelMapper.FromResultInfo(call.Resource.ResultInfo) : null));
        }
    }

    public string CallId { get; }

    public string? TenantId => _call.TenantId ?? _fallbackTenantId;

    /// <summary>Graph's callChainId of the call.</summary>
    public string? CorrelationId => _call.Resource?.CallChainId;

    public Task AnswerAsync(AnswerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Media == MediaHosting.AppHosted)
        {
            var session = RequireMediaSessions().Create(CallId);
            if (session is IAppHostedMediaSession media)
            {
                media.Attach(_call);
                _media = media;
            }

            return GraphRequest.RunAsync(GraphOperation.Answer, CallId, () => _call.AnswerAsync(session, cancellationToken: cancellationToken, participantCapacity: options.ParticipantCapacity));
        }

        return GraphRequest.RunAsync(GraphOperation.Answer, CallId, () => _call.AnswerAsync(new ServiceHostedMediaConfig(), [Modality.Audio], cancellationToken: cancellationToken, participantCapacity: options.ParticipantCapacity));
    }

    public Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken) =>
        Volatile.Read(ref _media) is { } media
            ? media.WaitConnectedAsync(cancellationToken)
            : throw new InvalidOperationException($"Call {CallId} has no app-hosted media session.");

    public ValueTask CloseMediaAsync() => Volatile.Read(ref _media)?.CloseAsync() ?? ValueTask.CompletedTask;

    public MediaStatisticsSnapshot? MediaStatistics => Volatile.Read(ref _media)?.Statistics?.Snapshot();

    public Task RejectAsync(CoreRejectReason reason, CancellationToken cancellationToken) =>
        GraphRequest.RunAsync(GraphOperation.Reject, CallId, () => _call.RejectAsync(GraphModelMapper.ToRejectReason(reason), cancellationToken: cancellationToken));

    public Task RedirectAsync(RedirectOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var targets = options.Targets.Select(t => GraphModelMapper.ToInvitation(t)).ToList();
        if (options.ToVoicemail)
        {
            // invitationParticipantInfo.endpointType (Graph beta; the v1.0 model lacks the property).
            targets[0].AdditionalData["endpointType"] = "voicemail";
        }

        return GraphRequest.RunAsync(GraphOperation.Redirect, CallId, () => _call.RedirectAsync(targets, options.Timeout is { } timeout ? (int)timeout.TotalSeconds : null, cancellationToken: cancellationToken));
    }

    public async Task PlayPromptsAsync(IReadOnlyList<CorePrompt> prompts, CancellationToken cancellationToken)
    {
        var mediaPrompts = prompts.Select(GraphModelMapper.ToMediaPrompt).ToList();
        await GraphRequest.RunAsync(GraphOperation.PlayPrompt, CallId, () => _call.PlayPromptAsync(mediaPrompts, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    public async Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var prompts = options.Prompts.Select(p => (Microsoft.Graph.Models.Prompt)GraphModelMapper.ToMediaPrompt(p)).ToList();
        var body = new Microsoft.Graph.Communications.Calls.Item.RecordResponse.RecordResponsePostRequestBody
        {
            MaxRecordDurationInSeconds = (int)options.MaxRecordDuration.TotalSeconds,
            InitialSilenceTimeoutInSeconds = (int)options.InitialSilenceTimeout.TotalSeconds,
            MaxSilenceTimeoutInSeconds = (int)options.MaxSilenceTimeout.TotalSeconds,
            BargeInAllowed = options.BargeInAllowed,
            PlayBeep = options.PlayBeep,
            Prompts = prompts,
            StopTones = options.StopTones.Select(c => c.ToString()).ToList(),
            ClientContext = Guid.NewGuid().ToString(),
        };
        var result = await GraphRequest.RunAsync(GraphOperation.RecordResponse, CallId, async () =>
        {
            var operation = await _owner.RecordOperations.RunAsync(_call, body, cancellationToken).ConfigureAwait(false);
            if (operation.Status == OperationStatus.Failed)
            {
                var code = operation.ResultInfo?.Code ?? 500;
                throw new Microsoft.Graph.ServiceException($"recordResponse failed: {operation.ResultInfo?.Message ?? "no reason given"}") { ResponseStatusCode = code };
            }

            return operation;
        }).ConfigureAwait(false);
        var location = Uri.TryCreate(result.RecordingLocation, UriKind.Absolute, out var uri) ? uri : null;
        return new RecordResponseResult(CompletionReason(result) ?? result.ResultInfo?.Message ?? "completed", location, result.RecordingAccessToken);
    }

    /// <summary>Graph's <c>completionReason</c> of a record operation (not a property of the SDK's v1.0 model), when sent.</summary>
    private static string? CompletionReason(RecordOperation operation) =>
        operation.AdditionalData?.TryGetValue("completionReason", out var value) == true
            ? value switch
            {
                string text => text,
                Microsoft.Kiota.Abstractions.Serialization.UntypedString untyped => untyped.GetValue(),
                System.Text.Json.JsonElement { ValueKind: System.Text.Json.JsonValueKind.String } element => element.GetString(),
                _ => value?.ToString(),
            }
            : null;

    public Task SubscribeToTonesAsync(CancellationToken cancellationToken) =>
        GraphRequest.RunAsync(GraphOperation.SubscribeToTone, CallId, () => _call.SubscribeToToneAsync(cancellationToken));

    public Task SendDtmfTonesAsync(string tones, CancellationToken cancellationToken) =>
        GraphRequest.RunAsync(GraphOperation.SendDtmfTones, CallId, () => _call.SendDtmfTonesAsync(tones.Select(GraphModelMapper.ToTone).ToList(), cancellationToken: cancellationToken));

    public Task CancelMediaProcessingAsync(CancellationToken cancellationToken) =>
        GraphRequest.RunAsync(GraphOperation.CancelMediaProcessing, CallId, () => _call.CancelMediaProcessingAsync(cancellationToken));

    public Task MuteAsync(CancellationToken cancellationToken) => GraphRequest.RunAsync(GraphOperation.Mute, CallId, () => _call.MuteAsync(cancellationToken));

    public Task UnmuteAsync(CancellationToken cancellationToken) => GraphRequest.RunAsync(GraphOperation.Unmute, CallId, () => _call.UnmuteAsync(cancellationToken));

    public Task TransferAsync(TransferOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var target = GraphModelMapper.ToInvitation(options.Target, options.ReplacesCallId);
        var transferee = options.Transferee is { } id ? new GraphParticipantInfo { ParticipantId = id } : null;
        return GraphRequest.RunAsync(GraphOperation.Transfer, CallId, () => _call.TransferAsync(target, transferee, cancellationToken));
    }

    public Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken) =>
        GraphRequest.RunAsync(GraphOperation.Invite, CallId, () => _call.Participants.InviteAsync([GraphModelMapper.ToInvitation(participant)], cancellationToken));

    public async Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken)
    {
        var participant = _call.Participants[participantId]
            ?? throw new KeyNotFoundException($"Call {CallId} has no participant {participantId}.");
        await GraphRequest.RunAsync(GraphOperation.RemoveParticipant, CallId, () => participant.DeleteAsync(cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Graph's participant: mute (<c>POST …/participants/{id}/mute</c>), a server mute of another participant; group calls only.</summary>
    public async Task MuteParticipantAsync(string participantId, CancellationToken cancellationToken)
    {
        var participant = _call.Participants[participantId]
            ?? throw new KeyNotFoundException($"Call {CallId} has no participant {participantId}.");
        await GraphRequest.RunAsync(GraphOperation.MuteParticipant, CallId, () => participant.MuteAsync(cancellationToken)).ConfigureAwait(false);
    }

    public Task UpdateRecordingStatusAsync(CoreRecordingStatus status, CancellationToken cancellationToken) =>
        GraphRequest.RunAsync(GraphOperation.UpdateRecordingStatus, CallId, () => _call.UpdateRecordingStatusAsync(GraphModelMapper.ToRecordingStatus(status), cancellationToken));

    public Task KeepAliveAsync(CancellationToken cancellationToken) => GraphRequest.RunAsync(GraphOperation.KeepAlive, CallId, () => _call.KeepAliveAsync(cancellationToken));

    public Task HangUpAsync(CancellationToken cancellationToken) =>
        GraphRequest.RunAsync(GraphOperation.HangUp, CallId, () => _call.DeleteAsync(handleHttpNotFoundInternally: true, cancellationToken));

    /// <summary>The SDK removed the call from its collection (a deleted notification).</summary>
    public void MarkRemoved()
    {
        if (Interlocked.Exchange(ref _removed, 1) == 1)
        {
            return;
        }

        var resource = _call.Resource;
        if (resource?.State != Microsoft.Graph.Models.CallState.Terminated)
        {
            _sink.OnCallEvent(new CallStateChanged(CallId, Core.Calls.CallState.Terminated, GraphModelMapper.FromResultInfo(resource?.ResultInfo)));
        }

        _sink.OnCallEvent(new CallRemoved(CallId));
        Dispose();
    }

    /// <summary>
    /// The call manager let the call go: no more events to it, out of the adapter's cache and, if the service never
    /// deleted it, out of the SDK's call collection.
    /// </summary>
    public void Release()
    {
        Interlocked.Exchange(ref _removed, 1);
        Dispose();
        _owner.Release(this, _call);
    }

    public void Dispose()
    {
        _owner.RecordOperations.CallEnded(CallId);
        _call.OnUpdated -= OnCallUpdated;
        _call.Participants.OnUpdated -= OnParticipantsUpdated;
        _call.ContentSharingSessions.OnUpdated -= OnContentSharingUpdated;
        _call.ParticipantJoiningHandler = null;
    }

    private IMediaSessionFactory RequireMediaSessions() =>
        _mediaSessions ?? throw new InvalidOperationException("App-hosted media needs a media session factory; none is registered.");

    private void OnCallUpdated(ICall sender, ResourceEventArgs<Call> args)
    {
        using var traceParent = NotificationTraceContext.Restore(args.AdditionalData);
        var previous = args.OldResource;
        var current = args.NewResource;
        if (current is null)
        {
            return;
        }

        if (current.State != previous?.State)
        {
            var state = GraphModelMapper.FromState(current.State);
            _sink.OnCallEvent(new CallStateChanged(CallId, state, state == Core.Calls.CallState.Terminated ? GraphModelMapper.FromResultInfo(current.ResultInfo) : null));
        }

        if (current.ToneInfo is { } tone && GraphModelMapper.FromTone(tone.Tone) is { } key)
        {
            var sequence = tone.SequenceId ?? -1;
            var last = Interlocked.Read(ref _lastToneSequence);
            if (sequence < 0 || (sequence > last && Interlocked.CompareExchange(ref _lastToneSequence, sequence, last) == last))
            {
                _sink.OnCallEvent(new ToneReceived(CallId, key));
            }
        }
    }

    private void OnParticipantsUpdated(IParticipantCollection sender, CollectionEventArgs<IParticipant> args)
    {
        static IReadOnlyList<Core.Calls.ParticipantInfo> Map(ICollection<IParticipant>? items) =>
            items is null || items.Count == 0 ? [] : items.Where(p => p.Resource is not null).Select(p => GraphModelMapper.FromParticipant(p.Resource)).ToArray();

        using var traceParent = NotificationTraceContext.Restore(args.AdditionalData);
        var joined = Map(args.AddedResources);
        var updated = Map(args.UpdatedResources);
        var left = Map(args.RemovedResources);
        if (joined.Count + updated.Count + left.Count > 0)
        {
            _sink.OnCallEvent(new ParticipantsChanged(CallId, joined, left, updated));
        }
    }

    /// <summary>Policy-based recording: the SDK asks synchronously and returns the answer as the notification's response body.</summary>
    private Microsoft.Graph.Communications.Common.ParticipantJoiningResponse OnParticipantJoining(Call joining)
    {
        var participant = ParticipantJoiningMapper.Map(joining);
        return ParticipantJoiningMapper.Respond(participant is not null && _sink.OnParticipantJoining(CallId, participant));
    }

    private void OnContentSharingUpdated(IContentSharingSessionCollection sender, CollectionEventArgs<IContentSharingSession> args)
    {
        using var traceParent = NotificationTraceContext.Restore(args.AdditionalData);
        foreach (var added in args.AddedResources ?? [])
        {
            _sink.OnCallEvent(new ContentSharingChanged(CallId, added.Id, Started: true));
        }

        foreach (var removed in args.RemovedResources ?? [])
        {
            _sink.OnCallEvent(new ContentSharingChanged(CallId, removed.Id, Started: false));
        }
    }
}
