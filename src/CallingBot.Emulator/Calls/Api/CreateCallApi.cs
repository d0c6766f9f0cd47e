using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>POST /communications/calls: peer-to-peer, group, PSTN calls and meeting joins.</summary>
internal sealed class CreateCallApi(CallRegistry registry, TargetReader targets, MeetingResolver meetings)
{
    public EngineResult Create(GraphRequestContext context)
    {
        var body = context.Body;
        var type = Fields.ODataType(body);
        if (type is not null && !type.EndsWith("microsoft.graph.call", StringComparison.OrdinalIgnoreCase))
        {
            throw GraphRequestException.BadRequest($"Invalid request: '@odata.type' must be '#microsoft.graph.call', not '{type}'.");
        }

        var callbackUri = Fields.HttpsUri(body, "callbackUri", "callbackUri", registry.Options.AllowHttpCallbacks, required: true)!;
        var modalities = Fields.EnumArray(body, "requestedModalities", "requestedModalities", GraphEnums.Modalities, required: true)!;
        var mediaConfig = MediaConfigReader.Read(body, context);
        var callOptions = Fields.Object(body, "callOptions", "callOptions");
        var subject = Fields.String(body, "subject", "subject");
        var tenantId = Fields.String(body, "tenantId", "tenantId", maxLength: EmulatorLimits.MaxIdLength) ?? context.Principal.TenantId;
        var targetsNode = Fields.Array(body, "targets", "targets", maxCount: EmulatorLimits.MaxTargets);
        var meetingInfo = Fields.Object(body, "meetingInfo", "meetingInfo");
        var chatInfo = Fields.Object(body, "chatInfo", "chatInfo");
        var source = targets.ReadSource(body, context);
        var callees = targets.ReadTargets(targetsNode, "targets");

        EmulatedMeeting? meeting = null;
        CallKind kind;
        if (meetingInfo is not null)
        {
            meeting = meetings.Resolve(meetingInfo, chatInfo, tenantId);
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
        else if (callees.Count == 0)
        {
            throw GraphRequestException.BadRequest("Invalid request: either 'targets' or 'meetingInfo' is required.");
        }
        else if (callees.Count > 1)
        {
            kind = CallKind.Group;
            context.Require(GraphPermissions.CallsInitiateGroupCallAll);
        }
        else
        {
            kind = callees[0].Identity.Kind == "phone" ? CallKind.Pstn : CallKind.PeerToPeer;
            context.Require(GraphPermissions.CallsInitiateAll);
        }

        if (callees.Any(t => t.Identity.Kind == "phone") && source.Kind != "applicationInstance")
        {
            throw GraphRequestException.BadRequest("Invalid request: calls to phone numbers need 'source.identity.applicationInstance' (an application instance with a phone number).");
        }

        var botParticipantId = CallRoster.NewParticipantId();
        var environment = registry.Environment;
        var record = new CallRecord(CallRegistry.NewCallId(), context.Principal.AppId, tenantId, "outgoing", kind, callbackUri, environment.Time.GetUtcNow(), environment.NewTimeline())
        {
            MyParticipantId = botParticipantId,
            Source = ParticipantInfoShape.Source((body["source"] as JsonObject)?.DeepClone().AsObject() ?? CallResource.ParticipantInfo(source)),
            Chaos = registry.DefaultChaos,
            Subject = subject,
            MediaConfig = mediaConfig,
            CallOptions = callOptions?.DeepClone().AsObject(),
            RequestedModalities = modalities,
            Targets = ParticipantInfoShape.Targets(targetsNode?.DeepClone().AsArray() ?? []),
            DeltaRoster = Fields.Bool(callOptions ?? [], "isDeltaRosterEnabled", "callOptions.isDeltaRosterEnabled") ?? false,
            ContentSharingNotifications = Fields.Bool(callOptions ?? [], "isContentSharingNotificationEnabled", "callOptions.isContentSharingNotificationEnabled") ?? false,
        };
        record.Roster.Add(source, isBot: true, id: botParticipantId, modalities: modalities);
        record.Roster.PendingJoins = callees.Count;
        if (meeting is not null)
        {
            MeetingParticipants.Apply(record, meeting, tenantId, registry.Directory);
            if (chatInfo is not null)
            {
                record.ChatInfo = ParticipantInfoShape.ChatInfo(chatInfo.DeepClone().AsObject());
            }

            record.MeetingInfo = meetingInfo!.DeepClone().AsObject();
        }

        var call = registry.Register(record, EmulatedCallState.Establishing);
        var response = call.Read(locked => CallResource.Full(locked, context.ServiceRoot));
        return new EngineResult(201, response, call.Id, context.ServiceRoot + "communications/calls/" + call.Id, () => call.Dialing.Progress(callees));
    }
}
