using System.Diagnostics;
using CallingBot.Core.Calls;
using CallingBot.Core.Diagnostics;
using CallingBot.Core.Handlers;
using CallingBot.Core.Media;
using CallingBot.Core.Platform;

namespace CallingBot.Core.Manager;

/// <summary>The <see cref="ICallContext"/> verbs of a call: each observes the caller's token and <see cref="CallEnded"/>.</summary>
internal sealed partial class CallSession
{
    public Task PlayPromptAsync(Prompt prompt, CancellationToken cancellationToken = default) =>
        PlayPromptsAsync([prompt ?? throw new ArgumentNullException(nameof(prompt))], cancellationToken);

    public Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0)
        {
            throw new ArgumentException("At least one prompt is required.", nameof(prompts));
        }

        return RunVerbAsync("play-prompt", $"{prompts.Count} prompt(s)", ct => _platform.PlayPromptsAsync(prompts, ct), cancellationToken);
    }

    public async Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        RecordResponseResult? result = null;
        await RunVerbAsync("record-response", "started", async ct => result = await _platform.RecordResponseAsync(options, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        Remember("record-response", result!.CompletionReason);
        return result;
    }

    public async Task<DigitCollectionResult> CollectDigitsAsync(DigitCollectionOptions options, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        await EnsureTonesSubscribedAsync(cancellationToken).ConfigureAwait(false);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        var result = await TracedAsync("collect-digits", () => DigitCollector.CollectAsync(_tones, options, _owner.TimeProvider, linked.Token)).ConfigureAwait(false);

        Remember("digits", $"{result.Digits.Length} digit(s), {result.Outcome}");
        return result;
    }

    /// <summary>Subscribes to tones once per call; incoming keys before that are not reported by the service.</summary>
    public async Task EnsureTonesSubscribedAsync(CancellationToken cancellationToken)
    {
        if (_tonesSubscribed)
        {
            return;
        }

        await RunVerbAsync("subscribe-tone", "subscribed", ct => _platform.SubscribeToTonesAsync(ct), cancellationToken).ConfigureAwait(false);
        _tonesSubscribed = true;
    }

    public Task SendDtmfAsync(string tones, CancellationToken cancellationToken = default)
    {
        Dtmf.ValidateSequence(tones, nameof(tones));
        return RunVerbAsync("send-dtmf", $"{tones.Length} key(s)", ct => _platform.SendDtmfTonesAsync(tones, ct), cancellationToken);
    }

    /// <inheritdoc/>
    public async Task<ICallMedia> GetMediaAsync(CancellationToken cancellationToken = default)
    {
        var media = StreamingPlatform();
        _ended.Token.ThrowIfCancellationRequested();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        var connected = await TracedAsync("get-media", () => media.GetMediaAsync(linked.Token)).ConfigureAwait(false);

        Remember("media", "connected");
        return connected;
    }

    /// <inheritdoc/>
    public Task StartMediaStreamingAsync(CancellationToken cancellationToken = default)
    {
        var media = StreamingPlatform();
        return RunVerbAsync("start-media-streaming", string.Empty, media.StartMediaStreamingAsync, cancellationToken);
    }

    /// <inheritdoc/>
    public Task StopMediaStreamingAsync(CancellationToken cancellationToken = default)
    {
        var media = StreamingPlatform();
        return RunVerbAsync("stop-media-streaming", string.Empty, media.StopMediaStreamingAsync, cancellationToken);
    }

    public Task CancelMediaProcessingAsync(CancellationToken cancellationToken = default) =>
        RunVerbAsync("cancel-media-processing", string.Empty, ct => _platform.CancelMediaProcessingAsync(ct), cancellationToken);

    public Task MuteAsync(CancellationToken cancellationToken = default) => RunVerbAsync("mute", string.Empty, ct => _platform.MuteAsync(ct), cancellationToken);

    public Task UnmuteAsync(CancellationToken cancellationToken = default) => RunVerbAsync("unmute", string.Empty, ct => _platform.UnmuteAsync(ct), cancellationToken);

    public Task TransferAsync(ParticipantIdentity target, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        return RunVerbAsync("transfer", $"blind to {target}", ct => _platform.TransferAsync(new TransferOptions(target), ct), cancellationToken);
    }

    public Task TransferAsync(ParticipantIdentity target, string consultationCallId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentException.ThrowIfNullOrWhiteSpace(consultationCallId);
        return RunVerbAsync("transfer", $"consultative to {target}", ct => _platform.TransferAsync(new TransferOptions(target, consultationCallId), ct), cancellationToken);
    }

    public Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(participant);
        return RunVerbAsync("invite", participant.ToString(), ct => _platform.InviteAsync(participant, ct), cancellationToken);
    }

    public Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        return RunVerbAsync("remove-participant", participantId, ct => _platform.RemoveParticipantAsync(participantId, ct), cancellationToken);
    }

    public Task MuteParticipantAsync(string participantId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        return RunVerbAsync("mute-participant", participantId, ct => _platform.MuteParticipantAsync(participantId, ct), cancellationToken);
    }

    public async Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken = default)
    {
        await RunVerbAsync("recording-status", status.ToString(), ct => _platform.UpdateRecordingStatusAsync(status, ct), cancellationToken).ConfigureAwait(false);
        SetRecordingStatus(status);
    }

    public Task HangUpAsync(CancellationToken cancellationToken = default)
    {
        if (State == CallState.Terminated)
        {
            return Task.CompletedTask;
        }

        ReportTermination(CallTermination.Normal);
        return SendHangUpAsync("by the bot", cancellationToken);
    }

    /// <summary>The drain's hang-up: the same single request as <see cref="HangUpAsync"/>, ending the call as <see cref="CallTermination.BotShutdown"/> unless the service says otherwise.</summary>
    internal Task HangUpForDrainAsync(CancellationToken cancellationToken)
    {
        if (State == CallState.Terminated)
        {
            return Task.CompletedTask;
        }

        ReportTermination(CallTermination.BotShutdown);
        return SendHangUpAsync("draining", cancellationToken);
    }

    /// <summary>
    /// The one hang-up request of the call: a caller that comes while it is on its way, or after it succeeded, waits
    /// for it instead of sending another DELETE (the handler, a failure and a drain may all want to hang up). Only a
    /// hang-up that failed or was cancelled may be sent again. The first caller's token governs the request.
    /// </summary>
    private Task SendHangUpAsync(string detail, CancellationToken cancellationToken)
    {
        TaskCompletionSource? mine = null;
        Task hangUp;
        lock (_hangUpGate)
        {
            if (_hangUp is null || (_hangUp.IsCompleted && !_hangUp.IsCompletedSuccessfully))
            {
                mine = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _hangUp = mine.Task;
            }

            hangUp = _hangUp;
        }

        if (mine is not null)
        {
            // Sent outside the lock; the request's outcome, failures included, is published through the shared task.
            _ = SendHangUpRequestAsync(mine, detail, cancellationToken);
        }

        return hangUp.IsCompleted ? hangUp : hangUp.WaitAsync(cancellationToken);
    }

    private async Task SendHangUpRequestAsync(TaskCompletionSource outcome, string detail, CancellationToken cancellationToken)
    {
        try
        {
            await RunVerbAsync("hang-up", detail, ct => _platform.HangUpAsync(ct), cancellationToken, allowAfterEnd: true).ConfigureAwait(false);
            outcome.TrySetResult();
        }
        catch (OperationCanceledException exception)
        {
            outcome.TrySetCanceled(exception.CancellationToken);
        }
        catch (Exception exception)
        {
            outcome.TrySetException(exception);
        }
    }

    /// <summary>The <see cref="CallingBotActivity.CallVerbSpan"/> of one verb of this call; null when nobody listens.</summary>
    private Activity? StartVerbSpan(string verb)
    {
        var span = CallingBotActivity.Source.StartActivity(CallingBotActivity.CallVerbSpan, ActivityKind.Internal);
        span?.SetTag(CallingBotActivity.CallIdTag, CallId);
        span?.SetTag(CallingBotActivity.VerbTag, verb);
        return span;
    }

    /// <summary>Runs one verb of this call inside its span, which records the verb's failure.</summary>
    private async Task<T> TracedAsync<T>(string verb, Func<Task<T>> work)
    {
        using var span = StartVerbSpan(verb);
        try
        {
            return await work().ConfigureAwait(false);
        }
        catch (Exception exception)
        {
            CallingBotActivity.SetError(span, exception);
            throw;
        }
    }

    private async Task RunVerbAsync(string kind, string detail, Func<CancellationToken, Task> verb, CancellationToken cancellationToken, bool allowAfterEnd = false)
    {
        if (!allowAfterEnd)
        {
            _ended.Token.ThrowIfCancellationRequested();
        }

        using var linked = allowAfterEnd
            ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken)
            : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _ended.Token);
        var started = Stopwatch.GetTimestamp();
        await TracedAsync(kind, async () =>
        {
            await verb(linked.Token).ConfigureAwait(false);
            return true;
        }).ConfigureAwait(false);

        if (detail.Length > 0 || kind.Length > 0)
        {
            Remember(kind, $"{detail} ({Stopwatch.GetElapsedTime(started).TotalMilliseconds:0} ms)".TrimStart());
        }
    }

    /// <summary>The call's platform as a carrier of app-hosted media, or why it is not one.</summary>
    private IPlatformCallMedia StreamingPlatform()
    {
        if (Media != MediaHosting.AppHosted)
        {
            throw new InvalidOperationException($"Call {CallId} uses {Media} media; raw media needs an app-hosted call (answer or place it with MediaHosting.AppHosted).");
        }

        return _platform as IPlatformCallMedia
            ?? throw new NotSupportedException("The calling platform of this call does not carry app-hosted media.");
    }
}
