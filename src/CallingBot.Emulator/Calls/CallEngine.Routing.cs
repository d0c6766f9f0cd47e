using System.Text.Json.Nodes;
using CallingBot.Emulator.Directory;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    /// <summary>POST /communications/calls/{id}/redirect: forward an unanswered incoming call.</summary>
    public EngineResult Redirect(GraphRequestContext context)
    {
        var body = context.Body;
        var targetsNode = Fields.Array(body, "targets", "targets", required: true, maxCount: int.MaxValue)!;
        if (targetsNode.Count > EmulatorLimits.MaxRedirectTargets)
        {
            throw GraphRequestException.BadRequest($"Invalid request: 'targets' has {targetsNode.Count} entries; at most {EmulatorLimits.MaxRedirectTargets} targets can ring simultaneously.");
        }

        var targets = ReadTargets(targetsNode, "targets");
        if (targets.Count > 1 && targets.Any(t => t.Identity.Kind != "user"))
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
        var callbackUri = Fields.HttpsUri(body, "callbackUri", "callbackUri", _options.AllowHttpCallbacks);
        context.Require(GraphPermissions.CallsInitiateAll);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            EnsureState(call, "redirect", CallStates.Incoming);
            call.AnswerTimer?.Dispose();
            call.AnswerTimer = null;
            if (callbackUri is not null)
            {
                call.CallbackUri = callbackUri;
            }

            if (policies is not null)
            {
                call.RoutingPolicies = [.. policies.Select(p => (JsonNode?)p)];
            }

            call.RingingTimeoutInSeconds = timeout;
            call.State = CallStates.Redirecting;
        }

        return new EngineResult(202, CallId: call.Id, AfterResponse: () =>
        {
            lock (call.Gate)
            {
                var description = string.Join(", ", targets.Select(t => $"{t.Identity.Kind} {t.Identity.Id}" + (t.Behavior.Response == CalleeResponse.Answer ? "" : $" ({t.Behavior.Response})")));
                RecordEvent(call, $"Redirected to {description}.");
                Terminate(call, ResultCodes.Redirected(), "redirected");
            }
        });
    }

    /// <summary>POST /communications/calls/{id}/transfer: blind, or consultative with replacesCallId.</summary>
    public EngineResult Transfer(GraphRequestContext context)
    {
        var body = context.Body;
        var targetNode = Fields.Object(body, "transferTarget", "transferTarget", required: true)!;
        var target = ReadTargets(new JsonArray(targetNode.DeepClone()), "transferTarget")[0];
        var replacesCallId = Fields.String(targetNode, "replacesCallId", "transferTarget.replacesCallId", maxLength: EmulatorLimits.MaxIdLength);
        var transferee = Fields.Object(body, "transferee", "transferee");
        Fields.String(body, "clientContext", "clientContext", maxLength: EmulatorLimits.MaxClientContextLength);
        context.Require(GraphPermissions.CallsInitiateAll);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        EmulatedCall? replaced = null;
        if (replacesCallId is not null)
        {
            replaced = Find(replacesCallId);
            if (replaced is null || !string.Equals(replaced.AppId, call.AppId, StringComparison.OrdinalIgnoreCase))
            {
                throw GraphRequestException.NotFound($"The call in 'transferTarget.replacesCallId' ('{replacesCallId}') was not found.");
            }
        }

        lock (call.Gate)
        {
            EnsureState(call, "transfer", CallStates.Established);
            if (call.Kind is CallKind.Meeting or CallKind.ChannelMeeting or CallKind.Group && transferee is null)
            {
                throw GraphRequestException.BadRequest("Invalid request: 'transferee' is required to transfer a participant out of a group call or meeting.");
            }

            call.State = CallStates.Transferring;
        }

        return new EngineResult(202, CallId: call.Id, AfterResponse: () =>
        {
            lock (call.Gate)
            {
                NotifyState(call);
            }

            var behavior = target.Behavior;
            Schedule(call, behavior.Response == CalleeResponse.NoAnswer ? _options.RingingTimeout : behavior.Delay, () =>
            {
                if (behavior.Response is CalleeResponse.Answer or CalleeResponse.Voicemail)
                {
                    SetState(call, CallStates.TransferAccepted);
                    RecordEvent(call, $"Transfer to {target.Identity.Kind} {target.Identity.Id} accepted.");
                    Terminate(call, ResultCodes.Transferred(), "transferred");
                    if (replaced is not null)
                    {
                        lock (replaced.Gate)
                        {
                            Terminate(replaced, ResultCodes.Transferred(), "transferred");
                        }
                    }

                    return;
                }

                call.ResultInfo = behavior.Response switch
                {
                    CalleeResponse.Busy => ResultCodes.CalleeBusy(),
                    CalleeResponse.Decline => ResultCodes.CalleeDeclined(),
                    _ => ResultCodes.CalleeNoAnswer(),
                };
                RecordEvent(call, $"Transfer to {target.Identity.Id} failed; the call stays established.");
                SetState(call, CallStates.Established);
                call.ResultInfo = null;
            });
        });
    }
}
