using System.Text.Json.Nodes;
using CallingBot.Emulator.Control;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls;

/// <summary>
/// Places calls to bots (control API): from a user or a phone, to the app or an application instance, as a meeting
/// invitation or a policy-based recording invitation. A recording invitation of a policy group whose answered call has
/// spare participantCapacity joins that call instead (<see cref="PolicyGroupJoining"/>).
/// </summary>
internal sealed class IncomingCallPlacer(CallRegistry registry)
{
    private const string DefaultCallerId = "8a34a46b-3d17-4adc-8dce-dc4e7d572698";

    /// <summary>Sends the <c>created</c> incoming notification and arms the answer deadline; returns the call id.</summary>
    public string Place(IncomingCallRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.CheckLimits();
        var options = registry.Options;
        var directory = registry.Directory;
        request.Chaos?.EnsureValid("chaos");
        var app = registry.Applications.Find(request.AppId) ?? throw new ArgumentException($"No application '{request.AppId}' is registered.", nameof(request));
        if (request.CallbackUri is { } requested && !CallbackUris.IsAllowed(requested, options.AllowHttpCallbacks))
        {
            throw new ArgumentException($"'callbackUri' {CallbackUris.Requirement(options.AllowHttpCallbacks)}", nameof(request));
        }

        var callbackUri = request.CallbackUri ?? app.CallbackUri
            ?? throw new ArgumentException($"Application '{app.AppId}' has no CallbackUri; set one or pass IncomingCallRequest.CallbackUri.", nameof(request));
        var tenantId = request.TenantId ?? app.TenantId ?? options.DefaultTenantId;
        var modalities = request.Modalities.Count == 0
            ? ["audio"]
            : request.Modalities.Select(m => Fields.Canonical(m, "modalities", GraphEnums.Modalities)).ToList();

        if (request.PolicyRecording && TryJoinPolicyGroup(request, app, modalities) is { } joined)
        {
            return joined;
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

            caller = new IdentityRef("phone", request.FromPhoneNumber, directory.FindNumber(request.FromPhoneNumber)?.DisplayName);
            kind = CallKind.Pstn;
        }
        else
        {
            var userId = request.FromUserId ?? DefaultCallerId;
            var user = directory.FindUser(userId);
            caller = new IdentityRef("user", userId, user?.DisplayName ?? request.FromDisplayName ?? "Emulated User", user?.TenantId ?? tenantId);
            callerBehavior = user?.Behavior;
        }

        IdentityRef target;
        if (request.ToApplicationInstanceId is not null)
        {
            var instance = directory.FindApplicationInstance(request.ToApplicationInstanceId)
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
            meeting = directory.FindMeetingByThread(request.MeetingThreadId)
                ?? throw new ArgumentException($"No meeting with thread '{request.MeetingThreadId}' is in the directory.", nameof(request));
            kind = meeting.IsChannelMeeting ? CallKind.ChannelMeeting : CallKind.Meeting;
        }

        if (request.PolicyRecording)
        {
            kind = CallKind.PolicyRecording;
        }

        var botParticipantId = CallRoster.NewParticipantId();
        var callerParticipantId = CallRoster.NewParticipantId();
        var record = new CallRecord(CallRegistry.NewCallId(), app.AppId, tenantId, "incoming", kind, callbackUri, registry.Environment.Time.GetUtcNow(), registry.Environment.NewTimeline())
        {
            MyParticipantId = botParticipantId,
            Source = CallResource.ParticipantInfo(caller, callerParticipantId),
            Chaos = request.Chaos ?? registry.DefaultChaos,
            PolicyGroupId = request.PolicyGroupId,
            Targets = new JsonArray(CallResource.ParticipantInfo(target, botParticipantId, "#microsoft.graph.invitationParticipantInfo")),
            RequestedModalities = modalities,
        };
        record.Roster.Add(caller, id: callerParticipantId, behavior: callerBehavior, modalities: modalities);
        record.Roster.Add(target, isBot: true, id: botParticipantId, modalities: modalities);
        if (meeting is not null)
        {
            MeetingParticipants.Apply(record, meeting, tenantId, directory);
        }

        if (request.PolicyRecording)
        {
            record.MeetingInfo = new JsonObject { ["@odata.type"] = "#microsoft.graph.tokenMeetingInfo", ["token"] = Guid.NewGuid().ToString("N") };
            record.IncomingContext = new JsonObject
            {
                ["@odata.type"] = "#microsoft.graph.incomingContext",
                ["sourceParticipantId"] = callerParticipantId,
                ["observedParticipantId"] = callerParticipantId,
            };
            record.ApplicationMetadata = new JsonObject { ["botData"] = request.BotData?.DeepClone() ?? PolicyBotData.Default(caller, callerParticipantId, tenantId) };
        }

        var timeout = request.PolicyRecording ? options.PolicyRecordingAnswerTimeout : options.AnswerTimeout;
        var description = $"Incoming call placed from {caller.Kind} {caller.Id}.";
        return registry.Register(record, EmulatedCallState.Incoming, (call, locked) => call.Answering.Offer(locked, description, timeout)).Id;
    }

    private string? TryJoinPolicyGroup(IncomingCallRequest request, EmulatedApplication app, List<string> modalities)
    {
        if (request.PolicyGroupId is null)
        {
            return null;
        }

        var userId = request.FromUserId ?? Guid.NewGuid().ToString();
        var user = registry.Directory.FindUser(userId);
        foreach (var call in registry.Calls)
        {
            var identity = new IdentityRef("user", userId, user?.DisplayName ?? request.FromDisplayName ?? "Emulated User", user?.TenantId ?? call.TenantId);
            if (call.PolicyGroup.TryOffer(app.AppId, request.PolicyGroupId, identity, request.BotData, modalities, Place))
            {
                return call.Id;
            }
        }

        return null;
    }
}
