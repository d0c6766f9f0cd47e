using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>The bot's media and self operations: prompts, recording, tones, DTMF, mute, recording status, screen sharing role, and reading an operation.</summary>
internal sealed class MediaOperationsApi(CallRegistry registry)
{
    /// <summary>POST /communications/calls/{id}/playPrompt</summary>
    public EngineResult PlayPrompt(GraphRequestContext context)
    {
        var prompts = OperationRequestReader.ReadPrompts(context.Body, required: true);
        Fields.Bool(context.Body, "loop", "loop");
        return Run(context, (call, clientContext) => call.Media.PlayPrompt(clientContext, prompts));
    }

    /// <summary>POST /communications/calls/{id}/recordResponse (and /record): running, then completed with the recording location.</summary>
    public EngineResult RecordResponse(GraphRequestContext context)
    {
        var body = context.Body;
        var prompts = OperationRequestReader.ReadPrompts(body, required: false);
        OperationRequestReader.CheckRange(body, "initialSilenceTimeoutInSeconds", 1, 300);
        OperationRequestReader.CheckRange(body, "maxSilenceTimeoutInSeconds", 1, 300);
        OperationRequestReader.CheckRange(body, "maxRecordDurationInSeconds", 1, 600);
        Fields.Bool(body, "bargeInAllowed", "bargeInAllowed");
        Fields.Bool(body, "playBeep", "playBeep");
        var stopTones = OperationRequestReader.ReadStopTones(body) ?? [];
        var maxDuration = Fields.Int(body, "maxRecordDurationInSeconds", "maxRecordDurationInSeconds") is { } seconds ? TimeSpan.FromSeconds(seconds) : (TimeSpan?)null;
        return Run(context, (call, clientContext) => call.Media.RecordResponse(clientContext, new RecordRequest(prompts, stopTones, maxDuration)));
    }

    /// <summary>POST /communications/calls/{id}/subscribeToTone</summary>
    public EngineResult SubscribeToTone(GraphRequestContext context) =>
        Run(context, (call, clientContext) => call.Media.SubscribeToTone(clientContext));

    /// <summary>POST /communications/calls/{id}/sendDtmfTones</summary>
    public EngineResult SendDtmfTones(GraphRequestContext context)
    {
        var tones = Fields.EnumArray(context.Body, "tones", "tones", GraphEnums.Tones, required: true, maxCount: EmulatorLimits.MaxTones)!;
        OperationRequestReader.CheckRange(context.Body, "delayBetweenTonesMs", 0, 5000);
        return Run(context, (call, clientContext) => call.Media.SendDtmfTones(clientContext, tones));
    }

    /// <summary>POST /communications/calls/{id}/cancelMediaProcessing</summary>
    public EngineResult CancelMediaProcessing(GraphRequestContext context) =>
        Run(context, (call, clientContext) => call.Media.CancelMediaProcessing(clientContext));

    /// <summary>POST /communications/calls/{id}/mute</summary>
    public EngineResult MuteSelf(GraphRequestContext context) => Run(context, (call, clientContext) => call.Media.SetSelfMuted(clientContext, true));

    /// <summary>POST /communications/calls/{id}/unmute</summary>
    public EngineResult UnmuteSelf(GraphRequestContext context) => Run(context, (call, clientContext) => call.Media.SetSelfMuted(clientContext, false));

    /// <summary>POST /communications/calls/{id}/updateRecordingStatus</summary>
    public EngineResult UpdateRecordingStatus(GraphRequestContext context)
    {
        var status = Fields.Enum(context.Body, "status", "status", GraphEnums.RecordingStatuses, required: true)!;
        return Run(context, (call, clientContext) => call.Media.UpdateRecordingStatus(clientContext, status));
    }

    /// <summary>POST /communications/calls/{id}/changeScreenSharingRole</summary>
    public EngineResult ChangeScreenSharingRole(GraphRequestContext context)
    {
        var role = Fields.Enum(context.Body, "role", "role", GraphEnums.ScreenSharingRoles, required: true)!;
        var call = LiveCall(context);
        return new EngineResult(202, CallId: call.Id, AfterResponse: call.Media.ChangeScreenSharingRole(role));
    }

    /// <summary>POST /communications/calls/{id}/addLargeGalleryView: 202 with the operation running, then its completion.</summary>
    public EngineResult AddLargeGalleryView(GraphRequestContext context)
    {
        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        context.Require(ApiPermissions.GroupCall);
        var call = registry.GetLiveCall(context.CallId, context.Principal.AppId);
        var operation = call.Media.AddLargeGalleryView(clientContext);
        return new EngineResult(202, operation.Body, call.Id, OperationLocation(context, call.Id, operation.Body), operation.AfterResponse);
    }

    /// <summary>GET /communications/calls/{id}/operations/{operationId}</summary>
    public EngineResult GetOperation(GraphRequestContext context)
    {
        var call = LiveCall(context);
        return new EngineResult(200, call.Media.GetOperation(context.OperationId), call.Id);
    }

    /// <summary>Reads the clientContext, finds the call and starts the operation: 200 with it running, the rest after the response.</summary>
    private EngineResult Run(GraphRequestContext context, Func<EmulatedCall, string?, OperationStart> start)
    {
        var clientContext = OperationRequestReader.ReadClientContext(context.Body);
        var call = LiveCall(context);
        var operation = start(call, clientContext);
        return new EngineResult(200, operation.Body, call.Id, Location: OperationLocation(context, call.Id, operation.Body), AfterResponse: operation.AfterResponse);
    }

    /// <summary>The Location header of an operation's 200: the commsOperation's URI, as Graph's reference pages show.</summary>
    internal static string OperationLocation(GraphRequestContext context, string callId, System.Text.Json.Nodes.JsonObject operation) =>
        $"{context.ServiceRoot}communications/calls/{callId}/operations/{operation["id"]!.GetValue<string>()}";

    private EmulatedCall LiveCall(GraphRequestContext context)
    {
        context.Require(ApiPermissions.AnyCall);
        return registry.GetLiveCall(context.CallId, context.Principal.AppId);
    }
}
