using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>Sending a call elsewhere: POST redirect (an unanswered incoming call) and POST transfer (an established one).</summary>
internal sealed class RoutingApi(CallRegistry registry, TargetReader targets)
{
    /// <summary>POST /communications/calls/{id}/redirect</summary>
    public EngineResult Redirect(GraphRequestContext context)
    {
        var body = context.Body;
        var targetsNode = Fields.Array(body, "targets", "targets", required: true, maxCount: int.MaxValue)!;
        if (targetsNode.Count > EmulatorLimits.MaxRedirectTargets)
        {
            throw GraphRequestException.BadRequest($"Invalid request: 'targets' has {targetsNode.Count} entries; at most {EmulatorLimits.MaxRedirectTargets} targets can ring simultaneously.");
        }

        var callees = targets.ReadTargets(targetsNode, "targets");
        if (callees.Count > 1 && callees.Any(t => t.Identity.Kind != "user"))
        {
            throw GraphRequestException.BadRequest("Invalid request: simultaneous ring ('targets' with several entries) supports only user targets.");
        }

        var timeout = Fields.Int(body, "timeout", "timeout");
        if (timeout is < 15 or > 90)
        {
            throw GraphRequestException.BadRequest($"Invalid request: 'timeout' must be between 15 and 90 seconds, not {timeout}.");
        }

        Fields.Bool(body, "maskCallee", "maskCallee");
        Fields.Bool(body, "maskCaller", "maskCaller");
        var policies = Fields.EnumArray(body, "routingPolicies", "routingPolicies", GraphEnums.RoutingPolicies);
        var callbackUri = Fields.HttpsUri(body, "callbackUri", "callbackUri", registry.Options.AllowHttpCallbacks);
        context.Require(GraphPermissions.CallsInitiateAll);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        call.Answering.Redirect(callbackUri, policies, timeout);
        var description = string.Join(", ", callees.Select(t => t.Describe()));
        return new EngineResult(202, CallId: call.Id, AfterResponse: () => call.Answering.FinishRedirect(description));
    }

    /// <summary>POST /communications/calls/{id}/transfer: blind, or consultative with replacesCallId.</summary>
    public EngineResult Transfer(GraphRequestContext context)
    {
        var body = context.Body;
        var targetNode = Fields.Object(body, "transferTarget", "transferTarget", required: true)!;
        var target = targets.ReadTargets(new JsonArray(targetNode.DeepClone()), "transferTarget")[0];
        var replacesCallId = Fields.String(targetNode, "replacesCallId", "transferTarget.replacesCallId", maxLength: EmulatorLimits.MaxIdLength);
        var transferee = Fields.Object(body, "transferee", "transferee");
        OperationRequestReader.ReadClientContext(body);
        context.Require(GraphPermissions.CallsInitiateAll);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        EmulatedCall? replaced = null;
        if (replacesCallId is not null)
        {
            replaced = registry.Find(replacesCallId);
            if (replaced is null || !string.Equals(replaced.AppId, call.AppId, StringComparison.OrdinalIgnoreCase))
            {
                throw GraphRequestException.NotFound($"The call in 'transferTarget.replacesCallId' ('{replacesCallId}') was not found.");
            }
        }

        call.Transfer.Begin(transferee is not null);
        return new EngineResult(202, CallId: call.Id, AfterResponse: () => call.Transfer.Ring(target, replaced));
    }
}
