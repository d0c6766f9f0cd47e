using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;
using CallingBot.Emulator.Notifications;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>POST /communications/calls: peer-to-peer, group, PSTN calls and meeting joins.</summary>
    public EngineResult Create(GraphRequestContext context)
    {
        var body = context.Body;
        var type = Fields.ODataType(body);
        if (type is not null && !type.EndsWith("microsoft.graph.call", StringComparison.OrdinalIgnoreCase))
        {
            throw GraphRequestException.BadRequest($"Invalid request: '@odata.type' must be '#microsoft.graph.call', not '{type}'.");
        }

        var callbackUri = Fields.HttpsUri(body, "callbackUri", "callbackUri", _options.AllowHttpCallbacks, required: true)!;
        var modalities = Fields.EnumArray(body, "requestedModalities", "requestedModalities", GraphEnums.Modalities, required: true)!;
        var mediaConfig = ReadMediaConfig(body, context);
        var callOptions = Fields.Object(body, "callOptions", "callOptions");
        var subject = Fields.String(body, "subject", "subject");
        var tenantId = Fields.String(body, "tenantId", "tenantId", maxLength: EmulatorLimits.MaxIdLength) ?? context.Principal.TenantId;
        var targetsNode = Fields.Array(body, "targets", "targets", maxCount: EmulatorLimits.MaxTargets);
        var meetingInfo = Fields.Object(body, "meetingInfo", "meetingInfo");
        var chatInfo = Fields.Object(body, "chatInfo", "chatInfo");
        var source = ReadSource(body, context);
        var targets = ReadTargets(targetsNode, "targets");

        EmulatedMeeting? meeting = null;
        CallKind kind;
        if (meetingInfo is not null)
        {
            meeting = ResolveMeeting(meetingInfo, chatInfo, tenantId);
            kind = meeting.IsChannelMeeting ? CallKind.ChannelMeeting : CallKind.Meeting;
            if (source.Kind == "guest")
            {
                context.Require(GraphPermissions.CallsJoinGroupCallAsGuestAll);
            }
            else
            {
                context.Require(GraphPermissions.CallsJoinGroupCallAll, GraphPermissions.CallsJoinGroupCallAsGuestAll);
            }
        }
        else if (targets.Count == 0)
        {
            throw GraphRequestException.BadRequest("Invalid request: either 'targets' or 'meetingInfo' is required.");
        }
        else if (targets.Count > 1)
        {
            kind = CallKind.Group;
            context.Require(GraphPermissions.CallsInitiateGroupCallAll);
        }
        else
        {
            kind = targets[0].Identity.Kind == "phone" ? CallKind.Pstn : CallKind.PeerToPeer;
            context.Require(GraphPermissions.CallsInitiateAll);
        }

        if (targets.Any(t => t.Identity.Kind == "phone") && source.Kind != "applicationInstance")
        {
            throw GraphRequestException.BadRequest("Invalid request: calls to phone numbers need 'source.identity.applicationInstance' (an application instance with a phone number).");
        }

        var callId = NewCallId();
        var botParticipantId = NewParticipantId();
        var call = new EmulatedCall(callId, context.Principal.AppId, tenantId, "outgoing", kind, callbackUri, _time.GetUtcNow())
        {
            Timeline = NewTimeline(),
            MyParticipantId = botParticipantId,
            Source = ParticipantInfoShape.Source((body["source"] as JsonObject)?.DeepClone().AsObject() ?? CallResource.ParticipantInfo(source)),
            Chaos = DefaultChaos,
            Subject = subject,
            MediaConfig = mediaConfig,
            CallOptions = callOptions?.DeepClone().AsObject(),
            RequestedModalities = modalities,
            State = CallStates.Establishing,
        };
        call.Targets = ParticipantInfoShape.Targets(targetsNode?.DeepClone().AsArray() ?? []);
        call.DeltaRoster = Fields.Bool(callOptions ?? [], "isDeltaRosterEnabled", "callOptions.isDeltaRosterEnabled") ?? false;
        call.ContentSharingNotifications = Fields.Bool(callOptions ?? [], "isContentSharingNotificationEnabled", "callOptions.isContentSharingNotificationEnabled") ?? false;
        AddParticipant(call, source, isBot: true, id: botParticipantId, modalities: modalities);
        call.PendingJoins = targets.Count;
        if (meeting is not null)
        {
            ApplyMeeting(call, meeting, tenantId);
            if (chatInfo is not null)
            {
                call.ChatInfo = ParticipantInfoShape.ChatInfo(chatInfo.DeepClone().AsObject());
            }

            call.MeetingInfo = meetingInfo!.DeepClone().AsObject();
        }

        lock (call.Gate)
        {
            Register(call);
            Log.CallCreated(_logger, call.Id, call.Kind, call.Direction, call.AppId);
        }

        var response = CallResource.Full(call, context.ServiceRoot);
        return new EngineResult(201, response, call.Id, context.ServiceRoot + "communications/calls/" + call.Id, () => Progress(call, targets));
    }

    /// <summary>
    /// Drives an outgoing call after the 201: meetings connect at once, callees follow their behaviour. Callees that
    /// respond at the same moment are handled together: one roster update names all who joined, so a group call's
    /// roster work grows with its participants, not with their square.
    /// </summary>
    private void Progress(EmulatedCall call, List<Target> targets)
    {
        lock (call.Gate)
        {
            if (call.IsTerminated)
            {
                return;
            }

            NotifyState(call);
            if (call.Kind is CallKind.Meeting or CallKind.ChannelMeeting)
            {
                call.PendingJoins = 0;
                ConnectEstablished(call);
                return;
            }
        }

        var pending = targets.Count;
        var answered = 0;
        JsonObject? lastFailure = null;
        foreach (var batch in targets.GroupBy(t => ResponseDelay(t.Behavior)))
        {
            var callees = batch.ToList();
            Schedule(call, batch.Key, () =>
            {
                var joined = new List<EmulatedParticipant>(callees.Count);
                foreach (var target in callees)
                {
                    pending--;
                    call.PendingJoins--;
                    var behavior = target.Behavior;
                    switch (behavior.Response)
                    {
                        case CalleeResponse.Answer:
                        case CalleeResponse.Voicemail:
                            answered++;
                            var participant = AddParticipant(call, target.Identity, behavior: behavior, modalities: call.RequestedModalities);
                            joined.Add(participant);
                            if (behavior.Response == CalleeResponse.Voicemail)
                            {
                                call.AnsweredBy = CallResource.ParticipantInfo(target.Identity, participant.Id);
                                call.AnsweredBy["endpointType"] = "voicemail";
                            }

                            break;
                        case CalleeResponse.Decline:
                            lastFailure = ResultCodes.CalleeDeclined();
                            break;
                        case CalleeResponse.Busy:
                            lastFailure = ResultCodes.CalleeBusy();
                            break;
                        default:
                            lastFailure = ResultCodes.CalleeNoAnswer();
                            break;
                    }
                }

                if (joined.Count > 0)
                {
                    if (call.State != CallStates.Established)
                    {
                        ConnectEstablished(call);
                    }
                    else
                    {
                        NotifyRoster(call, joined);
                    }
                }

                if (pending == 0 && answered == 0)
                {
                    RecordEvent(call, "No callee answered.");
                    Terminate(call, lastFailure ?? ResultCodes.CalleeNoAnswer(), "calleeDidNotAnswer");
                }
            });
        }
    }

    /// <summary>When a callee responds: after its delay, or after the ringing timeout when it never answers.</summary>
    private TimeSpan ResponseDelay(CalleeBehavior behavior) => behavior.Response == CalleeResponse.NoAnswer ? _options.RingingTimeout : behavior.Delay;

    /// <summary>Sends established (and the roster). Call with the lock held.</summary>
    private void ConnectEstablished(EmulatedCall call)
    {
        call.ActiveModalities = [.. call.RequestedModalities];
        SetState(call, CallStates.Established);
        NotifyRoster(call);
    }

    private IdentityRef ReadSource(JsonObject body, GraphRequestContext context)
    {
        var app = _apps.Find(context.Principal.AppId);
        var fallback = new IdentityRef("application", context.Principal.AppId, app?.DisplayName ?? "Calling Bot");
        var source = Fields.Object(body, "source", "source", maxJsonLength: int.MaxValue);
        if (source is null)
        {
            return fallback;
        }

        var identity = IdentityRef.FromIdentitySet(Fields.Object(source, "identity", "source.identity", maxJsonLength: int.MaxValue), "source.identity");
        Fields.CheckJsonLength(source, "source", EmulatorLimits.MaxObjectLength);
        if (identity is null)
        {
            return fallback;
        }

        if (identity.Kind == "applicationInstance")
        {
            var instance = _directory.FindApplicationInstance(identity.Id);
            if (instance is null && !_options.AcceptUnknownTargets)
            {
                throw GraphRequestException.NotFound($"Application instance '{identity.Id}' (source.identity.applicationInstance.id) was not found.");
            }

            if (instance is not null && !string.Equals(instance.AppId, context.Principal.AppId, StringComparison.OrdinalIgnoreCase))
            {
                throw GraphRequestException.Forbidden($"Application instance '{identity.Id}' is not linked to application {context.Principal.AppId}.");
            }
        }

        return identity;
    }

    private List<Target> ReadTargets(JsonArray? targets, string path)
    {
        var result = new List<Target>();
        if (targets is null)
        {
            return result;
        }

        for (var i = 0; i < targets.Count; i++)
        {
            if (targets[i] is not JsonObject target)
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{path}[{i}]' must be an object.");
            }

            // Named fields first, so the error names the field; then the whole object the call keeps.
            var identity = IdentityRef.FromIdentitySet(Fields.Object(target, "identity", $"{path}[{i}].identity", required: true, maxJsonLength: int.MaxValue), $"{path}[{i}].identity")
                ?? throw GraphRequestException.BadRequest($"Invalid request: '{path}[{i}].identity' needs a user, application, applicationInstance, phone or guest with an 'id'.");
            Fields.CheckJsonLength(target, $"{path}[{i}]", EmulatorLimits.MaxObjectLength);
            Fields.Enum(target, "endpointType", $"{path}[{i}].endpointType", GraphEnums.EndpointTypes);
            result.Add(new Target(identity, ResolveBehavior(identity, $"{path}[{i}].identity")));
        }

        return result;
    }

    private CalleeBehavior ResolveBehavior(IdentityRef identity, string path)
    {
        switch (identity.Kind)
        {
            case "phone":
                if (!PhoneNumbers.IsE164(identity.Id))
                {
                    throw GraphRequestException.BadRequest($"Invalid request: '{path}.phone.id' must be an E.164 phone number such as +12345678901.");
                }

                return _directory.FindNumber(identity.Id)?.Behavior ?? UnknownTarget(identity, path);
            case "user":
                return _directory.FindUser(identity.Id)?.Behavior ?? UnknownTarget(identity, path);
            default:
                return new CalleeBehavior();
        }
    }

    private CalleeBehavior UnknownTarget(IdentityRef identity, string path) =>
        _options.AcceptUnknownTargets
            ? new CalleeBehavior()
            : throw GraphRequestException.NotFound($"The {identity.Kind} '{identity.Id}' ({path}) was not found in the emulator's directory.");

    private EmulatedMeeting ResolveMeeting(JsonObject meetingInfo, JsonObject? chatInfo, string tenantId)
    {
        var type = Fields.ODataType(meetingInfo) ?? "";
        if (type.EndsWith("joinMeetingIdMeetingInfo", StringComparison.OrdinalIgnoreCase))
        {
            var joinId = Fields.String(meetingInfo, "joinMeetingId", "meetingInfo.joinMeetingId", required: true)!;
            var passcode = Fields.String(meetingInfo, "passcode", "meetingInfo.passcode");
            var known = _directory.FindMeetingByJoinId(joinId);
            if (known is null)
            {
                return _options.AcceptUnknownTargets
                    ? AdHocMeeting($"19:meeting_{joinId}@thread.v2", "0", null, tenantId, joinId)
                    : throw GraphRequestException.NotFound($"No meeting has joinMeetingId '{joinId}' (meetingInfo.joinMeetingId).");
            }

            if (known.Passcode is not null && !string.Equals(known.Passcode, passcode, StringComparison.Ordinal))
            {
                throw GraphRequestException.Forbidden("The passcode (meetingInfo.passcode) does not match the meeting.");
            }

            return known;
        }

        if (type.EndsWith("organizerMeetingInfo", StringComparison.OrdinalIgnoreCase) || (type.Length == 0 && meetingInfo["organizer"] is not null))
        {
            if (chatInfo is null)
            {
                throw GraphRequestException.BadRequest("Invalid request: 'chatInfo' is required when joining a meeting with organizerMeetingInfo.");
            }

            var threadId = Fields.String(chatInfo, "threadId", "chatInfo.threadId", required: true, maxLength: EmulatorLimits.MaxThreadIdLength)!;
            var organizer = IdentityRef.FromIdentitySet(Fields.Object(meetingInfo, "organizer", "meetingInfo.organizer", required: true, maxJsonLength: int.MaxValue), "meetingInfo.organizer")
                ?? throw GraphRequestException.BadRequest("Invalid request: 'meetingInfo.organizer' needs a user with an 'id'.");
            var known = _directory.FindMeetingByThread(threadId);
            if (known is not null)
            {
                return known;
            }

            return _options.AcceptUnknownTargets
                ? AdHocMeeting(threadId, Fields.String(chatInfo, "messageId", "chatInfo.messageId", maxLength: EmulatorLimits.MaxIdLength) ?? "0", organizer, tenantId, null)
                : throw GraphRequestException.NotFound($"No meeting has thread '{threadId}' (chatInfo.threadId).");
        }

        throw GraphRequestException.BadRequest($"Invalid request: 'meetingInfo.@odata.type' must be #microsoft.graph.organizerMeetingInfo or #microsoft.graph.joinMeetingIdMeetingInfo, not '{type}'.");
    }

    private static EmulatedMeeting AdHocMeeting(string threadId, string messageId, IdentityRef? organizer, string tenantId, string? joinId) => new()
    {
        ThreadId = threadId,
        MessageId = messageId,
        OrganizerId = organizer?.Id ?? Guid.NewGuid().ToString(),
        OrganizerDisplayName = organizer?.DisplayName ?? "Organizer",
        TenantId = organizer?.TenantId ?? tenantId,
        JoinMeetingId = joinId,
    };

    private sealed record Target(IdentityRef Identity, CalleeBehavior Behavior);
}
