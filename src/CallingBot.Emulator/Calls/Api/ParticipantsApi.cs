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
        var invitees = targets.ReadTargets(participants, "participants");
        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        context.Require(GraphPermissions.CallsInitiateGroupCallAll, GraphPermissions.CallsJoinGroupCallAll);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        var operation = call.Participants.Invite(invitees, participants, clientContext);
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

    /// <summary>DELETE /communications/calls/{id}/participants/{participantId}</summary>
    public EngineResult Remove(GraphRequestContext context)
    {
        var call = LiveCall(context);
        return new EngineResult(204, CallId: call.Id, AfterResponse: call.Participants.Remove(context.ParticipantId));
    }

    private EmulatedCall LiveCall(GraphRequestContext context)
    {
        context.Require(ApiPermissions.AnyCall);
        return registry.GetLiveCall(context.CallId, context.Principal.AppId);
    }
}
