using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>The participants collection: list, get, invite, mute and remove.</summary>
internal sealed class ParticipantsApi(CallRegistry registry, TargetReader targets)
{
    /// <summary>GET /communications/calls/{id}/participants</summary>
    public EngineResult List(GraphRequestContext context)
    {
        var call = LiveCall(context);
        return new EngineResult(200, call.Participants.List(context.ServiceRoot), call.Id);
    }

    /// <summary>GET /communications/calls/{id}/participants/{participantId}</summary>
    public EngineResult Get(GraphRequestContext context)
    {
        var call = LiveCall(context);
        return new EngineResult(200, call.Participants.Get(context.ParticipantId, context.ServiceRoot), call.Id);
    }

    /// <summary>POST /communications/calls/{id}/participants/invite</summary>
    public EngineResult Invite(GraphRequestContext context)
    {
        var participants = Fields.Array(context.Body, "participants", "participants", required: true, maxCount: EmulatorLimits.MaxTargets)!;
        var first = participants.Count > 0 ? participants[0] as JsonObject : null;
        var replacesCallId = first is null ? null : Fields.String(first, "replacesCallId", "participants[0].replacesCallId", maxLength: EmulatorLimits.MaxIdLength);
        var sourceParticipantId = first is null ? null : Fields.String(first, "participantId", "participants[0].participantId", maxLength: EmulatorLimits.MaxIdLength);
        if (replacesCallId is not null && participants.Count > 1)
        {
            // The invite page: with replacesCallId only the first participant is read; the rest are ignored.
            participants = new JsonArray(first!.DeepClone());
        }

        var invitees = targets.ReadTargets(participants, "participants");
        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        context.Require(GraphPermissions.CallsInitiateGroupCallAll, GraphPermissions.CallsJoinGroupCallAll);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        EmulatedCall? replaced = null;
        if (replacesCallId is not null)
        {
            replaced = registry.Find(replacesCallId);
            if (replaced is null || replaced == call || !string.Equals(replaced.AppId, call.AppId, StringComparison.OrdinalIgnoreCase) || replaced.IsTerminated)
            {
                throw GraphRequestException.NotFound($"The call in 'participants[0].replacesCallId' ('{replacesCallId}') was not found.");
            }
        }

        var operation = call.Participants.Invite(invitees, participants, clientContext, replaced is null ? null : new InviteReplacement(replaced, sourceParticipantId));
        return new EngineResult(200, operation.Body, call.Id, MediaOperationsApi.OperationLocation(context, call.Id, operation.Body), operation.AfterResponse);
    }

    /// <summary>POST /communications/calls/{id}/participants/{participantId}/mute</summary>
    public EngineResult Mute(GraphRequestContext context)
    {
        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        var call = LiveCall(context);
        var operation = call.Participants.Mute(context.ParticipantId, clientContext);
        return new EngineResult(200, operation.Body, call.Id, MediaOperationsApi.OperationLocation(context, call.Id, operation.Body), operation.AfterResponse);
    }

    /// <summary>POST /communications/calls/{id}/participants/{participantId}/startHoldMusic: 202 with the operation running.</summary>
    public EngineResult StartHoldMusic(GraphRequestContext context) => HoldMusic(context, start: true);

    /// <summary>POST /communications/calls/{id}/participants/{participantId}/stopHoldMusic: 202 with the operation running.</summary>
    public EngineResult StopHoldMusic(GraphRequestContext context) => HoldMusic(context, start: false);

    /// <summary>POST /beta/communications/calls/{id}/participants/configureMixer: 200 with the commsOperation running.</summary>
    public EngineResult ConfigureMixer(GraphRequestContext context)
    {
        var levels = Fields.Array(context.Body, "participantMixerLevels", "participantMixerLevels", required: true, maxCount: EmulatorLimits.MaxParticipantsPerCall)!;
        var participants = new List<(string, string)>();
        for (var i = 0; i < levels.Count; i++)
        {
            var path = $"participantMixerLevels[{i}]";
            if (levels[i] is not JsonObject level)
            {
                throw GraphRequestException.BadRequest($"Invalid request: '{path}' must be an object.");
            }

            participants.Add((Fields.String(level, "participant", $"{path}.participant", required: true, maxLength: EmulatorLimits.MaxIdLength)!, $"{path}.participant"));
            Fields.Bool(level, "exclusive", $"{path}.exclusive");
            if (Fields.Object(level, "ducking", $"{path}.ducking") is { } ducking)
            {
                OperationRequestReader.CheckRange(ducking, "rampActive", 0, 10_000, $"{path}.ducking.");
                OperationRequestReader.CheckRange(ducking, "rampInactive", 0, 10_000, $"{path}.ducking.");
                OperationRequestReader.CheckRange(ducking, "lowerLevel", 0, 100, $"{path}.ducking.");
                OperationRequestReader.CheckRange(ducking, "upperLevel", 0, 100, $"{path}.ducking.");
            }

            var sources = Fields.Array(level, "sourceLevels", $"{path}.sourceLevels", maxCount: EmulatorLimits.MaxParticipantsPerCall) ?? [];
            for (var j = 0; j < sources.Count; j++)
            {
                var sourcePath = $"{path}.sourceLevels[{j}]";
                if (sources[j] is not JsonObject source)
                {
                    throw GraphRequestException.BadRequest($"Invalid request: '{sourcePath}' must be an object.");
                }

                participants.Add((Fields.String(source, "participant", $"{sourcePath}.participant", required: true, maxLength: EmulatorLimits.MaxIdLength)!, $"{sourcePath}.participant"));
                OperationRequestReader.CheckRange(source, "level", 0, 100, sourcePath + ".");
                Fields.Bool(source, "duckOthers", $"{sourcePath}.duckOthers");
            }
        }

        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        context.Require(ApiPermissions.GroupCall);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        var operation = call.Participants.ConfigureMixer(participants, clientContext);
        return new EngineResult(200, operation.Body, call.Id, MediaOperationsApi.OperationLocation(context, call.Id, operation.Body), operation.AfterResponse);
    }

    /// <summary>POST /beta/communications/calls/{id}/participants/muteAll: 200 with the commsOperation completed.</summary>
    public EngineResult MuteAll(GraphRequestContext context)
    {
        var array = Fields.Array(context.Body, "participants", "participants", maxCount: EmulatorLimits.MaxParticipantsPerCall) ?? [];
        var ids = new List<string>();
        for (var i = 0; i < array.Count; i++)
        {
            var value = array[i]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? array[i]!.GetValue<string>() : null;
            if (value is null || value.Length > EmulatorLimits.MaxIdLength)
            {
                throw GraphRequestException.BadRequest($"Invalid request: 'participants[{i}]' must be a participant id.");
            }

            // The reference page's example sends [""]: blank entries name nobody, and no one named means everyone.
            if (value.Length > 0)
            {
                ids.Add(value);
            }
        }

        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        var call = LiveCall(context);
        var operation = call.Participants.MuteAll(ids, clientContext);
        return new EngineResult(200, operation.Body, call.Id, MediaOperationsApi.OperationLocation(context, call.Id, operation.Body), operation.AfterResponse);
    }

    /// <summary>DELETE /communications/calls/{id}/participants/{participantId}</summary>
    public EngineResult Remove(GraphRequestContext context)
    {
        var call = LiveCall(context);
        return new EngineResult(204, CallId: call.Id, AfterResponse: call.Participants.Remove(context.ParticipantId));
    }

    private EngineResult HoldMusic(GraphRequestContext context, bool start)
    {
        if (start && Fields.Object(context.Body, "customPrompt", "customPrompt") is { } prompt)
        {
            OperationRequestReader.ReadPrompts(new JsonObject { ["prompts"] = new JsonArray(prompt.DeepClone()) }, required: true, "customPrompt");
        }

        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        var call = LiveCall(context);
        var operation = call.Participants.HoldMusic(context.ParticipantId, start, clientContext);
        return new EngineResult(202, operation.Body, call.Id, MediaOperationsApi.OperationLocation(context, call.Id, operation.Body), operation.AfterResponse);
    }

    private EmulatedCall LiveCall(GraphRequestContext context)
    {
        context.Require(ApiPermissions.AnyCall);
        return registry.GetLiveCall(context.CallId, context.Principal.AppId);
    }
}
