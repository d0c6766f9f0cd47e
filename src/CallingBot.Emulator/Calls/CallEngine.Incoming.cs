using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Notifications;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>Places a call to a bot: sends the <c>created</c> incoming notification and arms the answer deadline.</summary>
    public string PlaceIncomingCall(IncomingCallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.CheckLimits();
        var app = _apps.Find(request.AppId) ?? throw new ArgumentException($"No application '{request.AppId}' is registered.", nameof(request));
        if (request.CallbackUri is { } requested && !CallbackUris.IsAllowed(requested, _options.AllowHttpCallbacks))
        {
            throw new ArgumentException($"'callbackUri' {CallbackUris.Requirement(_options.AllowHttpCallbacks)}", nameof(request));
        }

        var callbackUri = request.CallbackUri ?? app.CallbackUri
            ?? throw new ArgumentException($"Application '{app.AppId}' has no CallbackUri; set one or pass IncomingCallRequest.CallbackUri.", nameof(request));
        var tenantId = request.TenantId ?? app.TenantId ?? _options.DefaultTenantId;
        var modalities = request.Modalities.Count == 0
            ? ["audio"]
            : request.Modalities.Select(m => Fields.Canonical(m, "modalities", GraphEnums.Modalities)).ToList();

        if (request.PolicyRecording && TryJoinPolicyGroup(request, app, modalities, out var existing))
        {
            return existing;
        }

        IdentityRef caller;
        CalleeBehavior? callerBehavior = null;
        var kind = CallKind.PeerToPeer;
        if (request.FromPhoneNumber is not null)
        {
            if (!PhoneNumbers.IsE164(request.FromPhoneNumber))
            {
                throw new ArgumentException($"'{request.FromPhoneNumber}' is not an E.164 phone number.", nameof(request));
            }

            caller = new IdentityRef("phone", request.FromPhoneNumber, _directory.FindNumber(request.FromPhoneNumber)?.DisplayName);
            kind = CallKind.Pstn;
        }
        else
        {
            var userId = request.FromUserId ?? "8a34a46b-3d17-4adc-8dce-dc4e7d572698";
            var user = _directory.FindUser(userId);
            caller = new IdentityRef("user", userId, user?.DisplayName ?? request.FromDisplayName ?? "Emulated User", user?.TenantId ?? tenantId);
            callerBehavior = user?.Behavior;
        }

        IdentityRef target;
        if (request.ToApplicationInstanceId is not null)
        {
            var instance = _directory.FindApplicationInstance(request.ToApplicationInstanceId)
                ?? throw new ArgumentException($"No application instance '{request.ToApplicationInstanceId}' is in the directory.", nameof(request));
            target = new IdentityRef("applicationInstance", instance.Id, instance.DisplayName, instance.TenantId ?? tenantId);
        }
        else
        {
            target = new IdentityRef("application", app.AppId, app.DisplayName);
        }

        EmulatedMeeting? meeting = null;
        if (request.MeetingThreadId is not null)
        {
            meeting = _directory.FindMeetingByThread(request.MeetingThreadId)
                ?? throw new ArgumentException($"No meeting with thread '{request.MeetingThreadId}' is in the directory.", nameof(request));
            kind = meeting.IsChannelMeeting ? CallKind.ChannelMeeting : CallKind.Meeting;
        }

        if (request.PolicyRecording)
        {
            kind = CallKind.PolicyRecording;
        }

        var callId = NewCallId();
        var botParticipantId = NewParticipantId();
        var callerParticipantId = NewParticipantId();
        var call = new EmulatedCall(callId, app.AppId, tenantId, "incoming", kind, callbackUri, _time.GetUtcNow())
        {
            Timeline = NewTimeline(),
            MyParticipantId = botParticipantId,
            Source = CallResource.ParticipantInfo(caller, callerParticipantId),
            Chaos = request.Chaos ?? DefaultChaos,
            PolicyGroupId = request.PolicyGroupId,
        };
        call.Targets = new JsonArray(CallResource.ParticipantInfo(target, botParticipantId, "#microsoft.graph.invitationParticipantInfo"));
        call.RequestedModalities = modalities;
        AddParticipant(call, caller, id: callerParticipantId, behavior: callerBehavior, modalities: modalities);
        AddParticipant(call, target, isBot: true, id: botParticipantId, modalities: modalities);

        if (meeting is not null)
        {
            ApplyMeeting(call, meeting, tenantId);
        }

        if (request.PolicyRecording)
        {
            call.MeetingInfo = new JsonObject { ["@odata.type"] = "#microsoft.graph.tokenMeetingInfo", ["token"] = Guid.NewGuid().ToString("N") };
            call.IncomingContext = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.incomingContext",
                ["sourceParticipantId"] = callerParticipantId,
                ["observedParticipantId"] = callerParticipantId,
            };
            call.ApplicationMetadata = new JsonObject { ["botData"] = request.BotData?.DeepClone() ?? DefaultBotData(caller, callerParticipantId, tenantId) };
        }

        var timeout = request.PolicyRecording ? _options.PolicyRecordingAnswerTimeout : _options.AnswerTimeout;
        lock (call.Gate)
        {
            call.State = CallStates.Incoming;
            Register(call);
            Log.CallCreated(_logger, call.Id, call.Kind, call.Direction, call.AppId);
            RecordEvent(call, $"Incoming call placed from {caller.Kind} {caller.Id}.");
            Notify(call, NotificationFactory.Created, CallResource.Path(call.Id), CallResource.Full(call));
            call.AnswerTimer = _time.CreateTimer(_ => OnAnswerTimeout(call, timeout), null, timeout, Timeout.InfiniteTimeSpan);
        }

        return call.Id;
    }

    private void OnAnswerTimeout(EmulatedCall call, TimeSpan timeout)
    {
        lock (call.Gate)
        {
            if (call.State != CallStates.Incoming || _disposed)
            {
                return;
            }

            Log.AnswerTimedOut(_logger, call.Id, timeout);
            RecordEvent(call, $"Not answered within {timeout.TotalSeconds:0} s; the call is dropped.");
            Terminate(call, ResultCodes.AnswerTimeout(timeout), "answerTimeout");
        }
    }

    private static JsonObject DefaultBotData(IdentityRef caller, string participantId, string tenantId) => new()
    {
        ["mediaHostedRegion"] = "USEA",
        ["user"] = new JsonObject { ["participationMethod"] = "callee", ["clientLocation"] = "US" },
        ["otherSideUser"] = new JsonObject
        {
            ["id"] = caller.Id,
            ["participantId"] = participantId,
            ["tenantId"] = tenantId,
            ["onBehalfOf"] = new JsonObject { ["id"] = caller.Id },
            ["participationMethod"] = "caller",
            ["clientLocation"] = "US",
        },
        ["inviteReasons"] = new JsonArray("PolicyBasedRecording"),
        ["policyIdentifier"] = "Emulated Recording Policy",
        ["pairedRecorders"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["participantId"] = Guid.NewGuid().ToString() }),
        ["otherRecorders"] = new JsonArray(new JsonObject { ["id"] = Guid.NewGuid().ToString(), ["participantId"] = Guid.NewGuid().ToString() }),
    };

    /// <summary>
    /// A policy-recording invitation of a group whose answered call has spare participantCapacity goes to that call as a
    /// participantJoiningNotification instead of a new incoming call (see CallEngine.PolicyRecording.cs).
    /// </summary>
    private bool TryJoinPolicyGroup(IncomingCallRequest request, EmulatedApplication app, List<string> modalities, out string callId)
    {
        callId = "";
        if (request.PolicyGroupId is null)
        {
            return false;
        }

        foreach (var call in _calls.Values)
        {
            lock (call.Gate)
            {
                if (!call.IsPolicyRecording || call.IsTerminated || call.State == CallStates.Incoming
                    || !string.Equals(call.AppId, app.AppId, StringComparison.OrdinalIgnoreCase)
                    || !string.Equals(call.PolicyGroupId, request.PolicyGroupId, StringComparison.Ordinal)
                    || call.Participants.Count(p => !p.IsBot) >= call.ParticipantCapacity
                    || Room(call) < 1)
                {
                    continue;
                }

                var userId = request.FromUserId ?? Guid.NewGuid().ToString();
                var user = _directory.FindUser(userId);
                var identity = new IdentityRef("user", userId, user?.DisplayName ?? request.FromDisplayName ?? "Emulated User", user?.TenantId ?? call.TenantId);
                SendPolicyJoining(call, identity, request.BotData, modalities);
                callId = call.Id;
                return true;
            }
        }

        return false;
    }

    /// <summary>POST /communications/calls/{id}/answer</summary>
    public EngineResult Answer(GraphRequestContext context)
    {
        var body = context.Body;
        var modalities = Fields.EnumArray(body, "acceptedModalities", "acceptedModalities", GraphEnums.Modalities, required: true)!;
        var mediaConfig = ReadMediaConfig(body, context);
        var callbackUri = Fields.HttpsUri(body, "callbackUri", "callbackUri", _options.AllowHttpCallbacks);
        var callOptions = Fields.Object(body, "callOptions", "callOptions");
        var capacity = Fields.Int(body, "participantCapacity", "participantCapacity");
        if (capacity is < 0)
        {
            throw GraphRequestException.BadRequest("Invalid request: 'participantCapacity' must not be negative.");
        }

        context.Require(GraphPermissions.CallsJoinGroupCallAll, GraphPermissions.CallsJoinGroupCallAsGuestAll);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            EnsureState(call, "answer", CallStates.Incoming);
            call.AnswerTimer?.Dispose();
            call.AnswerTimer = null;
            call.MediaConfig = mediaConfig;
            call.ActiveModalities = modalities;
            call.CallOptions = callOptions?.DeepClone().AsObject();
            call.DeltaRoster = Fields.Bool(callOptions ?? [], "isDeltaRosterEnabled", "callOptions.isDeltaRosterEnabled") ?? false;
            call.ContentSharingNotifications = Fields.Bool(callOptions ?? [], "isContentSharingNotificationEnabled", "callOptions.isContentSharingNotificationEnabled") ?? false;
            call.ParticipantCapacity = capacity ?? 0;
            if (callbackUri is not null)
            {
                call.CallbackUri = callbackUri;
            }

            if (call.BotParticipant is { } bot)
            {
                bot.Modalities = modalities.Where(m => m != "data").ToList();
            }

            call.State = CallStates.Establishing;
        }

        return new EngineResult(202, CallId: call.Id, AfterResponse: () => Establish(call));
    }

    /// <summary>Sends establishing and established (in chaos order) and then the roster.</summary>
    private void Establish(EmulatedCall call)
    {
        lock (call.Gate)
        {
            if (call.IsTerminated)
            {
                return;
            }

            if (call.Chaos.ReorderEstablishing)
            {
                call.State = CallStates.Established;
                NotifyState(call);
                call.Etag++;
                var establishing = CallResource.StateUpdate(call);
                establishing["state"] = CallStates.Establishing;
                Notify(call, NotificationFactory.Updated, CallResource.Path(call.Id), establishing);
            }
            else
            {
                SetState(call, CallStates.Establishing);
                SetState(call, CallStates.Established);
            }

            NotifyRoster(call);
        }
    }

    /// <summary>POST /communications/calls/{id}/reject</summary>
    public EngineResult Reject(GraphRequestContext context)
    {
        var reason = Fields.Enum(context.Body, "reason", "reason", GraphEnums.RejectReasons) ?? "none";
        var callbackUri = Fields.HttpsUri(context.Body, "callbackUri", "callbackUri", _options.AllowHttpCallbacks);
        context.Require(GraphPermissions.CallsInitiateAll, GraphPermissions.CallsJoinGroupCallAll, GraphPermissions.CallsJoinGroupCallAsGuestAll);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            EnsureState(call, "reject", CallStates.Incoming);
            call.AnswerTimer?.Dispose();
            call.AnswerTimer = null;
            if (callbackUri is not null)
            {
                call.CallbackUri = callbackUri;
            }

            call.State = CallStates.Terminating;
        }

        return new EngineResult(202, CallId: call.Id, AfterResponse: () =>
        {
            lock (call.Gate)
            {
                Terminate(call, ResultCodes.Rejected(reason), "rejected");
            }
        });
    }

    private static JsonObject ReadMediaConfig(JsonObject body, GraphRequestContext context)
    {
        var mediaConfig = Fields.Object(body, "mediaConfig", "mediaConfig", required: true, maxJsonLength: EmulatorLimits.MaxMediaBlobLength + EmulatorLimits.MaxObjectLength)!;
        var type = Fields.ODataType(mediaConfig);
        var blob = Fields.String(mediaConfig, "blob", "mediaConfig.blob", maxLength: EmulatorLimits.MaxMediaBlobLength);
        var appHosted = type is null ? blob is not null : type.EndsWith("appHostedMediaConfig", StringComparison.OrdinalIgnoreCase);
        if (type is not null && !appHosted && !type.EndsWith("serviceHostedMediaConfig", StringComparison.OrdinalIgnoreCase))
        {
            throw GraphRequestException.BadRequest($"Invalid request: 'mediaConfig.@odata.type' has the unsupported value '{type}'. Use #microsoft.graph.appHostedMediaConfig or #microsoft.graph.serviceHostedMediaConfig.");
        }

        var copy = mediaConfig.DeepClone().AsObject();
        copy["@odata.type"] = appHosted ? "#microsoft.graph.appHostedMediaConfig" : "#microsoft.graph.serviceHostedMediaConfig";
        if (appHosted)
        {
            if (string.IsNullOrEmpty(blob))
            {
                throw GraphRequestException.BadRequest("Invalid request: 'mediaConfig.blob' is required for app-hosted media.");
            }

            context.Require(GraphPermissions.CallsAccessMediaAll);
        }
        else if (Fields.Array(mediaConfig, "preFetchMedia", "mediaConfig.preFetchMedia", maxCount: EmulatorLimits.MaxPrompts) is not { } prefetch)
        {
            copy["preFetchMedia"] = new JsonArray();
        }
        else
        {
            for (var i = 0; i < prefetch.Count; i++)
            {
                if (prefetch[i] is not JsonObject media || Fields.String(media, "uri", $"mediaConfig.preFetchMedia[{i}].uri", required: true, maxLength: EmulatorLimits.MaxUriLength) is null)
                {
                    throw GraphRequestException.BadRequest($"Invalid request: 'mediaConfig.preFetchMedia[{i}].uri' is required.");
                }
            }
        }

        return copy;
    }

    private static void EnsureState(EmulatedCall call, string operation, params string[] states)
    {
        if (!states.Contains(call.State, StringComparer.Ordinal))
        {
            throw GraphRequestException.Conflict(
                $"Call '{call.Id}' is in state '{call.State}'; '{operation}' needs state {string.Join(" or ", states.Select(s => $"'{s}'"))}.");
        }
    }
}
