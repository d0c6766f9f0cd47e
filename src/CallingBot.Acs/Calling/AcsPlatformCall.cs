using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallingBot.Acs.Media;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Platform;
using CallingBot.Core.Routing;
using CallingBot.Media.Sessions;

namespace CallingBot.Acs.Calling;

/// <summary>
/// A call on ACS behind <see cref="IPlatformCall"/>. Incoming calls are answered, rejected or redirected with their
/// <c>incomingCallContext</c>; mid-call verbs are Call Automation actions on the call connection, each sent with a
/// fresh <c>operationContext</c> and completed by the event that echoes it (PlayCompleted, SendDtmfTonesCompleted,
/// CallTransferAccepted, AddParticipantSucceeded, RemoveParticipantSucceeded, or their Failed twins).
/// Verbs ACS has no action for throw <see cref="NotSupportedException"/> naming the verb.
/// </summary>
public sealed partial class AcsPlatformCall : IPlatformCall
{
    private readonly AcsCallAutomationClient _client;
    private readonly AcsCallingPlatform? _platform;
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _operations = new(StringComparer.Ordinal);
    private readonly string? _incomingCallContext;
    private readonly JsonObject? _remote;
    private readonly Dictionary<string, ParticipantInfo> _roster = new(StringComparer.OrdinalIgnoreCase);
    private long _rosterSequence = long.MinValue;
    private string? _connectionId;

    /// <summary>A call connection the bot created (Create Call): its id is the call connection id.</summary>
    public AcsPlatformCall(AcsCallAutomationClient client, string callConnectionId, string? serverCallId)
        : this(client, null, callConnectionId, callConnectionId, serverCallId, null, null)
    {
    }

    internal AcsPlatformCall(AcsCallAutomationClient client, AcsCallingPlatform? platform, string callId, string? callConnectionId, string? serverCallId, JsonObject? remote, string? incomingCallContext)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        _client = client;
        _platform = platform;
        CallId = callId;
        _connectionId = callConnectionId;
        ServerCallId = serverCallId;
        _remote = remote;
        _incomingCallContext = incomingCallContext;
    }

    /// <summary>
    /// Core's id of the call: the call connection id for calls the bot created, the IncomingCall event's correlation id
    /// for answered calls (ACS gives the call connection id only in the answer's response).
    /// </summary>
    public string CallId { get; }

    /// <summary>The ACS call connection id, once the call was created or answered.</summary>
    public string? CallConnectionId => Volatile.Read(ref _connectionId);

    /// <summary>ACS has no tenant: always null.</summary>
    public string? TenantId => null;

    /// <summary>The server call id ACS reported for the call.</summary>
    public string? ServerCallId { get; }

    /// <summary>The server call id: the id ACS support and logs know the call by.</summary>
    public string? CorrelationId => ServerCallId;

    public async Task AnswerAsync(AnswerOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var platform = _platform;
        if (_incomingCallContext is null || platform is null)
        {
            throw new InvalidOperationException("Only an incoming ACS call can be answered.");
        }

        var request = new JsonObject
        {
            ["incomingCallContext"] = _incomingCallContext,
            ["callbackUri"] = platform.ResolveCallbackUrl().AbsoluteUri,
            ["operationContext"] = CallId,
        };
        MediaSession? media = null;
        if (options.Media == MediaHosting.AppHosted)
        {
            (media, var transportUrl) = platform.OpenMediaSession(CallId);
            request["mediaStreamingOptions"] = platform.StreamingOptions(transportUrl);
        }

        string connectionId;
        try
        {
            (connectionId, _) = await Translate(() => _client.AnswerAsync(request, cancellationToken)).ConfigureAwait(false);
        }
        catch when (media is not null)
        {
            await media.CloseAsync().ConfigureAwait(false);
            throw;
        }

        Volatile.Write(ref _connectionId, connectionId);
        if (media is not null)
        {
            AttachMedia(media, started: platform.StartMediaStreamingAtOnce);
        }

        platform.Track(this);
    }

    public Task RejectAsync(RejectReason reason, CancellationToken cancellationToken)
    {
        var context = _incomingCallContext ?? throw new InvalidOperationException("Only an incoming ACS call can be rejected.");
        var request = new JsonObject
        {
            ["incomingCallContext"] = context,
            ["callRejectReason"] = reason switch { RejectReason.Busy => "busy", RejectReason.Forbidden => "forbidden", _ => "none" },
        };
        return Translate(() => _client.PostActionAsync("calling/callConnections:reject", request, "Reject", cancellationToken));
    }

    public Task RedirectAsync(RedirectOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var context = _incomingCallContext ?? throw new InvalidOperationException("Only an incoming ACS call can be redirected.");
        if (options.Targets.Count != 1 || options.ToVoicemail)
        {
            throw new NotSupportedException("The Azure Communication Services platform cannot redirect to several targets or to voicemail: Redirect Call takes exactly one target.");
        }

        var request = new JsonObject { ["incomingCallContext"] = context, ["target"] = AcsIdentifiers.ToModel(options.Targets[0], "redirect to") };
        return Translate(() => _client.PostActionAsync("calling/callConnections:redirect", request, "Redirect", cancellationToken));
    }

    /// <summary>Play (file sources, to everyone), completed by PlayCompleted; PlayFailed or PlayCanceled fail it.</summary>
    public Task PlayPromptsAsync(IReadOnlyList<Prompt> prompts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(prompts);
        if (prompts.Count == 0)
        {
            throw new ArgumentException("At least one prompt is required.", nameof(prompts));
        }

        var sources = new JsonArray();
        foreach (var prompt in prompts)
        {
            sources.Add(new JsonObject { ["kind"] = "file", ["file"] = new JsonObject { ["uri"] = prompt.Uri.AbsoluteUri }, ["playSourceCacheId"] = prompt.ResourceId });
        }

        return RunActionAsync("play", "Play", new JsonObject { ["playSources"] = sources, ["playTo"] = new JsonArray() }, cancellationToken);
    }

    public Task<RecordResponseResult> RecordResponseAsync(RecordResponseOptions options, CancellationToken cancellationToken) =>
        throw Unsupported("record a response", "Call Automation has no record-response action (use call recording)");

    /// <summary>Start Continuous DTMF Recognition on the remote party; each key arrives as a ContinuousDtmfRecognitionToneReceived event.</summary>
    public Task SubscribeToTonesAsync(CancellationToken cancellationToken)
    {
        var request = new JsonObject { ["targetParticipant"] = RemoteParticipant("listen to the tones of"), ["operationContext"] = NewOperationContext() };
        return Translate(() => _client.PostActionAsync(ActionPath("startContinuousDtmfRecognition"), request, "StartContinuousDtmfRecognition", cancellationToken));
    }

    public Task SendDtmfTonesAsync(string tones, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(tones);
        var names = new JsonArray();
        foreach (var tone in tones)
        {
            names.Add(AcsIdentifiers.ToneName(tone));
        }

        return RunActionAsync("sendDtmfTones", "SendDtmfTones", new JsonObject { ["tones"] = names, ["targetParticipant"] = RemoteParticipant("send tones to") }, cancellationToken);
    }

    /// <summary>Cancel All Media Operations: running plays end with PlayCanceled.</summary>
    public Task CancelMediaProcessingAsync(CancellationToken cancellationToken) =>
        Translate(() => _client.PostActionAsync(ActionPath("cancelAllMediaOperations"), new JsonObject { ["operationContext"] = NewOperationContext() }, "CancelAllMediaOperations", cancellationToken));

    public Task MuteAsync(CancellationToken cancellationToken) =>
        throw Unsupported("mute itself", "Call Automation mutes other participants only (participants:mute: use MuteParticipantAsync)");

    public Task UnmuteAsync(CancellationToken cancellationToken) =>
        throw Unsupported("unmute", "Call Automation has no unmute action");

    /// <summary>Transfer To Participant, completed by CallTransferAccepted (then the bot's leg ends with CallDisconnected).</summary>
    public Task TransferAsync(TransferOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var request = new JsonObject { ["targetParticipant"] = AcsIdentifiers.ToModel(options.Target, "transfer to") };
        if (options.Transferee is { } transferee)
        {
            request["transferee"] = AcsIdentifiers.FromRawId(transferee);
        }

        return RunActionAsync("transferToParticipant", "TransferToParticipant", request, cancellationToken);
    }

    public Task InviteAsync(ParticipantIdentity participant, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(participant);
        var request = new JsonObject { ["participantToAdd"] = AcsIdentifiers.ToModel(participant, "invite") };
        return RunActionAsync("participants:add", "AddParticipant", request, cancellationToken, participantsPath: true);
    }

    /// <summary>Remove Participant; <paramref name="participantId"/> is the participant's raw id (<c>8:acs:…</c> or <c>+E164</c>).</summary>
    public Task RemoveParticipantAsync(string participantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        var request = new JsonObject { ["participantToRemove"] = AcsIdentifiers.FromRawId(participantId) };
        return RunActionAsync("participants:remove", "RemoveParticipant", request, cancellationToken, participantsPath: true);
    }

    /// <summary>
    /// Mute Participants (<c>POST …/{id}/participants:mute</c> with one <c>targetParticipants</c> entry); its 200 response
    /// completes it, and the service then reports the participant muted in ParticipantsUpdated.
    /// <paramref name="participantId"/> is the participant's raw id (<c>8:acs:…</c>) or <c>+E164</c>.
    /// </summary>
    public Task MuteParticipantAsync(string participantId, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(participantId);
        var request = new JsonObject
        {
            ["targetParticipants"] = new JsonArray(AcsIdentifiers.FromRawId(participantId)),
            ["operationContext"] = NewOperationContext(),
        };
        return Translate(() => _client.PostActionAsync($"calling/callConnections/{Uri.EscapeDataString(RequireConnection())}/participants:mute", request, "MuteParticipants", cancellationToken));
    }

    public Task UpdateRecordingStatusAsync(RecordingStatus status, CancellationToken cancellationToken) =>
        throw Unsupported("update the recording status", "Call Automation has no recording-status action");

    /// <summary>ACS keeps calls without keep-alive: nothing to send.</summary>
    public Task KeepAliveAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public async Task HangUpAsync(CancellationToken cancellationToken)
    {
        var connectionId = CallConnectionId ?? throw new InvalidOperationException("The ACS call has no call connection yet: reject it instead.");
        await Translate(() => _client.HangUpAsync(connectionId, cancellationToken)).ConfigureAwait(false);
    }

    /// <summary>Fails the operations still waiting for their event; the platform forgets the call.</summary>
    public void Release()
    {
        foreach (var (context, operation) in _operations)
        {
            if (_operations.TryRemove(context, out _))
            {
                operation.TrySetException(new PlatformException(PlatformErrorKind.NotFound, "The ACS call ended before the operation completed."));
            }
        }

        _platform?.Forget(this);
    }

    /// <summary>Completes the operation whose operationContext the event echoes; false when none waits for it.</summary>
    internal bool CompleteOperation(AcsCallbackEvent callbackEvent, bool succeeded)
    {
        if (callbackEvent.OperationContext is not { } context || !_operations.TryRemove(context, out var operation))
        {
            return false;
        }

        if (succeeded)
        {
            operation.TrySetResult();
        }
        else
        {
            operation.TrySetException(new PlatformException(PlatformErrorKind.Other, $"ACS reported {callbackEvent.Type["Microsoft.Communication.".Length..]}: {callbackEvent.ResultMessage}"));
        }

        return true;
    }

    /// <summary>
    /// Applies a ParticipantsUpdated event (the whole roster: <c>participants[]</c> of <c>identifier</c>, <c>isMuted</c>,
    /// <c>isOnHold</c>, and a <c>sequenceNumber</c>) and returns what changed since the last one: participants that
    /// joined, left, or whose mute state changed. Null when the event is stale (its sequence number is not above the
    /// last applied) or changes nothing. Participant ids are raw ids (<c>8:acs:…</c>) or, for phones, <c>+E164</c>.
    /// </summary>
    internal ParticipantsChanged? ApplyRoster(JsonElement data)
    {
        if (!data.TryGetProperty("participants", out var participants) || participants.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var current = new Dictionary<string, ParticipantInfo>(StringComparer.OrdinalIgnoreCase);
        foreach (var participant in participants.EnumerateArray())
        {
            if (participant.ValueKind != JsonValueKind.Object
                || !participant.TryGetProperty("identifier", out var identifier) || identifier.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            var identity = AcsIdentifiers.ToIdentity(identifier, null);
            var muted = participant.TryGetProperty("isMuted", out var isMuted) && isMuted.ValueKind == JsonValueKind.True;
            current[identity.Id] = new ParticipantInfo(identity.Id, identity, muted);
        }

        var sequence = data.TryGetProperty("sequenceNumber", out var number) && number.TryGetInt64(out var value) ? value : (long?)null;
        lock (_roster)
        {
            if (sequence is { } next)
            {
                if (next <= _rosterSequence)
                {
                    return null;
                }

                _rosterSequence = next;
            }

            var joined = current.Values.Where(p => !_roster.ContainsKey(p.Id)).ToArray();
            var left = _roster.Values.Where(p => !current.ContainsKey(p.Id)).ToArray();
            var updated = current.Values.Where(p => _roster.TryGetValue(p.Id, out var before) && before.IsMuted != p.IsMuted).ToArray();
            _roster.Clear();
            foreach (var (id, participant) in current)
            {
                _roster[id] = participant;
            }

            return joined.Length + left.Length + updated.Length == 0 ? null : new ParticipantsChanged(CallId, joined, left, updated);
        }
    }

    private async Task RunActionAsync(string action, string operation, JsonObject request, CancellationToken cancellationToken, bool participantsPath = false)
    {
        var context = NewOperationContext();
        request["operationContext"] = context;
        var completion = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        // Registered before sending: the completion event may overtake the action's own response.
        _operations[context] = completion;
        try
        {
            var path = participantsPath ? $"calling/callConnections/{Uri.EscapeDataString(RequireConnection())}/{action}" : ActionPath(action);
            await Translate(() => _client.PostActionAsync(path, request, operation, cancellationToken)).ConfigureAwait(false);
            await completion.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _operations.TryRemove(context, out _);
        }
    }

    private string ActionPath(string action) => $"calling/callConnections/{Uri.EscapeDataString(RequireConnection())}:{action}";

    private string RequireConnection() =>
        CallConnectionId ?? throw new InvalidOperationException("The ACS call is not connected: answer it first.");

    private JsonObject RemoteParticipant(string verb) =>
        _remote?.DeepClone().AsObject() ?? throw new NotSupportedException($"The Azure Communication Services platform cannot {verb} the remote party of this call: ACS names no single remote participant for it.");

    private string NewOperationContext() => $"{CallId}/{Guid.NewGuid():N}";

    private static async Task Translate(Func<Task> action)
    {
        try
        {
            await action().ConfigureAwait(false);
        }
        catch (AcsRequestException exception)
        {
            throw AcsErrors.Translate(exception);
        }
    }

    private static async Task<T> Translate<T>(Func<Task<T>> action)
    {
        try
        {
            return await action().ConfigureAwait(false);
        }
        catch (AcsRequestException exception)
        {
            throw AcsErrors.Translate(exception);
        }
    }

    private static NotSupportedException Unsupported(string verb, string reason) =>
        new($"The Azure Communication Services platform cannot {verb}: {reason}. Use the Graph platform for this call flow.");
}
