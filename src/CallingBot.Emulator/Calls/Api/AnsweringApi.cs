using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>The bot's answer to an incoming call: POST answer or reject (redirect is in <see cref="RoutingApi"/>).</summary>
internal sealed class AnsweringApi(CallRegistry registry)
{
    /// <summary>POST /communications/calls/{id}/answer</summary>
    public EngineResult Answer(GraphRequestContext context)
    {
        var body = context.Body;
        var modalities = Fields.EnumArray(body, "acceptedModalities", "acceptedModalities", GraphEnums.Modalities, required: true)!;
        var mediaConfig = MediaConfigReader.Read(body, context);
        var callbackUri = Fields.HttpsUri(body, "callbackUri", "callbackUri", registry.Options.AllowHttpCallbacks);
        var callOptions = Fields.Object(body, "callOptions", "callOptions");
        var capacity = Fields.Int(body, "participantCapacity", "participantCapacity");
        if (capacity is < 0)
        {
            throw GraphRequestException.BadRequest("Invalid request: 'participantCapacity' must not be negative.");
        }

        var settings = new AnswerSettings(
            modalities,
            mediaConfig,
            callbackUri,
            callOptions,
            Fields.Bool(callOptions ?? [], "isDeltaRosterEnabled", "callOptions.isDeltaRosterEnabled") ?? false,
            Fields.Bool(callOptions ?? [], "isContentSharingNotificationEnabled", "callOptions.isContentSharingNotificationEnabled") ?? false,
            capacity ?? 0);
        context.Require(GraphPermissions.CallsJoinGroupCallAll, GraphPermissions.CallsJoinGroupCallAsGuestAll);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        call.Answering.Answer(settings);
        return new EngineResult(202, CallId: call.Id, AfterResponse: call.Answering.Establish);
    }

    /// <summary>POST /communications/calls/{id}/reject</summary>
    public EngineResult Reject(GraphRequestContext context)
    {
        var reason = Fields.Enum(context.Body, "reason", "reason", GraphEnums.RejectReasons) ?? "none";
        var callbackUri = Fields.HttpsUri(context.Body, "callbackUri", "callbackUri", registry.Options.AllowHttpCallbacks);
        context.Require(GraphPermissions.CallsInitiateAll, GraphPermissions.CallsJoinGroupCallAll, GraphPermissions.CallsJoinGroupCallAsGuestAll);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        call.Answering.Reject(callbackUri);
        return new EngineResult(202, CallId: call.Id, AfterResponse: () => call.Answering.FinishReject(reason));
    }
}
