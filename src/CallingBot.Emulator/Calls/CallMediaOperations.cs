using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// The bot's media and self operations on an established call. Each answers with the operation <c>running</c> and,
/// after the response (and the operation's duration), applies its effect and notifies it <c>completed</c>.
/// </summary>
internal sealed class CallMediaOperations(EmulatedCall call)
{
    private const string PlayPromptType = "#microsoft.graph.playPromptOperation";
    private const string RecordType = "#microsoft.graph.recordOperation";

    public OperationStart PlayPrompt(string? clientContext, int prompts) =>
        Start("playPrompt", PlayPromptType, clientContext, call.Environment.Options.PromptDuration * Math.Max(1, prompts), _ => { },
            completed => completed["completionReason"] = "completedSuccessfully");

    /// <summary>subscribeToTone: completed at once, as its reference page shows; tones are notified from then on.</summary>
    public OperationStart SubscribeToTone(string? clientContext) =>
        CompleteAtOnce("subscribeToTone", "#microsoft.graph.subscribeToToneOperation", clientContext, locked =>
        {
            locked.Record.ToneSubscribed = true;
            return null;
        });

    public OperationStart SendDtmfTones(string? clientContext, IReadOnlyList<string> tones) =>
        Start("sendDtmfTones", "#microsoft.graph.sendDtmfTonesOperation", clientContext, TimeSpan.Zero,
            locked => locked.RecordEvent($"Bot sent DTMF tones {string.Join(" ", tones)}."),
            completed => completed["completionReason"] = "completedSuccessfully");

    /// <summary>
    /// Cancels the running playPrompt and recordResponse operations (not subscribeToTone): each fails with 400/8508 and
    /// completionReason operationCanceled, notified after the response. The cancel operation itself is completed at once,
    /// as Graph's reference page shows.
    /// </summary>
    public OperationStart CancelMediaProcessing(string? clientContext)
    {
        var (completed, cancelled) = call.Update(locked =>
        {
            locked.Require("cancelMediaProcessing", EmulatedCallState.Established);
            var cancelled = new List<JsonObject>();
            foreach (var (operationId, operation) in locked.Record.Operations.ToList())
            {
                var type = operation["@odata.type"]?.GetValue<string>();
                if (operation["status"]?.GetValue<string>() != OperationResource.Running || type is not (PlayPromptType or RecordType))
                {
                    continue;
                }

                var failed = OperationResource.Create(call.Id, operationId, type, operation["clientContext"]?.GetValue<string>(), OperationResource.Failed, ResultCodes.OperationCanceled());
                if (type == RecordType)
                {
                    failed["recordingLocation"] = "";
                    failed["recordingAccessToken"] = "";
                }

                failed["completionReason"] = "operationCanceled";
                locked.Record.Operations[operationId] = failed;
                locked.Record.RunningRecordings.Remove(operationId);
                locked.RecordEvent($"Operation {operationId} was cancelled by cancelMediaProcessing.");
                cancelled.Add(failed);
            }

            var id = OperationResource.NewId();
            var completed = OperationResource.Create(call.Id, id, "#microsoft.graph.cancelMediaProcessingOperation", clientContext, OperationResource.Completed, null);
            locked.Record.Operations[id] = completed;
            return (completed.DeepClone().AsObject(), cancelled);
        });
        return new OperationStart(completed, () => call.Schedule(TimeSpan.Zero, locked =>
        {
            foreach (var failed in cancelled)
            {
                locked.NotifyOperation(failed);
            }
        }));
    }

    /// <summary>The bot mutes or unmutes itself: completed at once (the mute and unmute pages); the roster follows if its state changed.</summary>
    public OperationStart SetSelfMuted(string? clientContext, bool muted) =>
        CompleteAtOnce(muted ? "mute" : "unmute", muted ? "#microsoft.graph.muteParticipantOperation" : "#microsoft.graph.unmuteParticipantOperation", clientContext, locked =>
        {
            if (locked.Roster.Bot is { } bot && bot.IsMuted != muted)
            {
                bot.IsMuted = muted;
                return [bot];
            }

            return null;
        });

    /// <summary>updateRecordingStatus: completed at once (its reference page); the bot's recordingInfo follows in the roster.</summary>
    public OperationStart UpdateRecordingStatus(string? clientContext, string status) =>
        CompleteAtOnce("updateRecordingStatus", "#microsoft.graph.updateRecordingStatusOperation", clientContext, locked =>
        {
            locked.Record.RecordingStatus = status;
            if (locked.Roster.Bot is { } bot)
            {
                bot.RecordingStatus = status;
                return [bot];
            }

            return null;
        });

    /// <summary>
    /// recordResponse, as Graph's reference page shows it: the operation <c>running</c> in the response (no recording yet),
    /// then, after the prompts and the caller's response, <c>completed</c> with <c>recordingLocation</c>,
    /// <c>recordingAccessToken</c> and the completion reason, notified. A stop tone pressed while it runs ends it at once
    /// (<see cref="CallRemoteParty.PressKeys"/>); cancelMediaProcessing fails it. With
    /// <see cref="EmulatorOptions.CompleteRecordResponseInResponse"/> the response itself is the completion.
    /// </summary>
    public OperationStart RecordResponse(string? clientContext, RecordRequest request)
    {
        var options = call.Environment.Options;
        if (options.CompleteRecordResponseInResponse)
        {
            return RecordResponseCompletedInResponse(clientContext, request);
        }

        var id = OperationResource.NewId();
        var running = call.Update(locked =>
        {
            locked.Require("recordResponse", EmulatedCallState.Established);
            var operation = OperationResource.Create(call.Id, id, RecordType, clientContext, OperationResource.Running, null);
            locked.Record.Operations[id] = operation;
            locked.Record.RunningRecordings[id] = request.StopTones;
            return operation.DeepClone().AsObject();
        });
        var speaking = options.RecordedResponseDuration;
        var reason = "maxSilenceTimeout";
        if (request.MaxRecordDuration is { } max && max <= speaking)
        {
            speaking = max;
            reason = "maxRecordDurationReached";
        }

        var duration = options.PromptDuration * request.Prompts + speaking;
        return new OperationStart(running, () => call.Schedule(duration, locked => CompleteRecording(locked, id, reason)));
    }

    /// <summary>A participant pressed <paramref name="tone"/>: every running recordResponse that stops on it completes.</summary>
    internal void OnTonePressed(LockedCall locked, string tone)
    {
        foreach (var (operationId, stopTones) in locked.Record.RunningRecordings.ToList())
        {
            if (stopTones.Contains(tone, StringComparer.OrdinalIgnoreCase))
            {
                CompleteRecording(locked, operationId, "stopToneDetected");
            }
        }
    }

    private void CompleteRecording(LockedCall locked, string id, string reason)
    {
        if (!locked.Record.RunningRecordings.Remove(id)
            || !locked.Record.Operations.TryGetValue(id, out var current)
            || current["status"]?.GetValue<string>() != OperationResource.Running)
        {
            // Already ended: by a stop tone, or cancelled by cancelMediaProcessing (its failure was notified instead).
            return;
        }

        var completed = RecordingCompleted(id, current["clientContext"]?.GetValue<string>(), reason);
        locked.Record.Operations[id] = completed;
        locked.RecordEvent($"Recording {id} ended ({reason}).");
        locked.NotifyOperation(completed);
    }

    private OperationStart RecordResponseCompletedInResponse(string? clientContext, RecordRequest request)
    {
        var completed = call.Update(locked =>
        {
            locked.Require("recordResponse", EmulatedCallState.Established);
            var id = OperationResource.NewId();
            var operation = RecordingCompleted(id, clientContext, request.StopTones.Count > 0 ? "stopToneDetected" : "maxRecordDurationReached");
            locked.Record.Operations[id] = operation;
            return operation;
        });
        return new OperationStart(completed.DeepClone().AsObject(), () => call.Update(locked => locked.NotifyOperation(completed)));
    }

    private JsonObject RecordingCompleted(string id, string? clientContext, string reason)
    {
        var operation = OperationResource.Create(call.Id, id, RecordType, clientContext, OperationResource.Completed, ResultCodes.Success("Action completed, the response is recorded."));
        operation["completionReason"] = reason;
        operation["recordingLocation"] = new Uri(call.Environment.PublicBaseAddress, $"emulator/recordings/{id}.wav").ToString();
        operation["recordingAccessToken"] = Convert.ToBase64String(Guid.NewGuid().ToByteArray());
        return operation;
    }

    /// <summary>addLargeGalleryView: 202 with the operation running, then completed (the reference page's notification).</summary>
    public OperationStart AddLargeGalleryView(string? clientContext) =>
        Start("addLargeGalleryView", "#microsoft.graph.addLargeGalleryViewOperation", clientContext, TimeSpan.Zero,
            locked => locked.RecordEvent("Bot added the large gallery view."));

    /// <summary>The bot changes its screen sharing role; the roster follows after the response.</summary>
    public Action ChangeScreenSharingRole(string role)
    {
        call.Update(locked =>
        {
            locked.Require("changeScreenSharingRole", EmulatedCallState.Established);
            if (locked.Roster.Bot is { } bot)
            {
                bot.ScreenSharingRole = role;
                bot.IsSharingScreen = role == "sharer";
            }
        });
        return () => call.Update(locked =>
        {
            if (!locked.IsTerminated && locked.Roster.Bot is { } bot)
            {
                locked.NotifyRoster([bot]);
            }
        });
    }

    /// <summary>The operation as last notified, or 404.</summary>
    public JsonObject GetOperation(string? operationId) => call.Read(locked =>
        operationId is not null && locked.Record.Operations.TryGetValue(operationId, out var operation)
            ? operation.DeepClone().AsObject()
            : throw GraphRequestException.NotFound($"Operation '{operationId}' was not found."));

    /// <summary>
    /// The shape of the operations Graph completes in the response itself: refuse unless established, apply
    /// <paramref name="apply"/> at once and answer <c>completed</c>; no operation notification follows, only the roster
    /// update of the participants <paramref name="apply"/> returns (after the response).
    /// </summary>
    internal OperationStart CompleteAtOnce(string name, string odataType, string? clientContext, Func<LockedCall, EmulatedParticipant[]?> apply)
    {
        var (completed, changed) = call.Update(locked =>
        {
            locked.Require(name, EmulatedCallState.Established);
            var changed = apply(locked);
            var operation = OperationResource.Create(call.Id, OperationResource.NewId(), odataType, clientContext, OperationResource.Completed, null);
            locked.Record.Operations[operation["id"]!.GetValue<string>()] = operation;
            locked.MarkChanged();
            return (operation.DeepClone().AsObject(), changed);
        });
        return new OperationStart(completed, () => call.Schedule(TimeSpan.Zero, locked =>
        {
            if (changed is { Length: > 0 })
            {
                locked.NotifyRoster(changed);
            }
        }));
    }

    /// <summary>
    /// The common shape: refuse unless established, keep the operation <c>running</c>, then (after the response and
    /// <paramref name="duration"/>) apply <paramref name="apply"/> and notify the operation <c>completed</c>.
    /// </summary>
    internal OperationStart Start(string name, string odataType, string? clientContext, TimeSpan duration, Action<LockedCall> apply, Action<JsonObject>? complete = null)
    {
        var id = OperationResource.NewId();
        var running = call.Update(locked =>
        {
            locked.Require(name, EmulatedCallState.Established);
            var operation = OperationResource.Create(call.Id, id, odataType, clientContext, OperationResource.Running, null);
            locked.Record.Operations[id] = operation;
            return operation.DeepClone().AsObject();
        });
        return new OperationStart(running, () => call.Schedule(duration, locked =>
        {
            if (locked.Record.Operations.TryGetValue(id, out var current) && current["status"]?.GetValue<string>() != OperationResource.Running)
            {
                // Cancelled (cancelMediaProcessing) while it ran: its failure has been notified instead.
                return;
            }

            apply(locked);
            var completed = OperationResource.Create(call.Id, id, odataType, clientContext, OperationResource.Completed, ResultCodes.Success("Action completed."));
            complete?.Invoke(completed);
            locked.Record.Operations[id] = completed;
            locked.NotifyOperation(completed);
        }));
    }
}

/// <summary>What a recordResponse asks for: its prompts, the keys that stop it, and its longest recording.</summary>
internal sealed record RecordRequest(int Prompts, IReadOnlyList<string> StopTones, TimeSpan? MaxRecordDuration);
