using CallingBot.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>Maps the Graph calls API under <c>/v1.0</c> and <c>/beta</c>.</summary>
internal sealed class CallsEndpoints
{
    private readonly GraphPipeline _pipeline;
    private readonly CreateCallApi _create;
    private readonly CallLifecycleApi _lifecycle;
    private readonly AnsweringApi _answering;
    private readonly RoutingApi _routing;
    private readonly MediaOperationsApi _media;
    private readonly ParticipantsApi _participants;

    public CallsEndpoints(GraphPipeline pipeline, CallRegistry registry)
    {
        var targets = new TargetReader(registry);
        _pipeline = pipeline;
        _create = new CreateCallApi(registry, targets, new MeetingResolver(registry));
        _lifecycle = new CallLifecycleApi(registry);
        _answering = new AnsweringApi(registry);
        _routing = new RoutingApi(registry, targets);
        _media = new MediaOperationsApi(registry);
        _participants = new ParticipantsApi(registry, targets);
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        foreach (var version in new[] { "v1.0", "beta" })
        {
            var calls = $"/{version}/communications/calls";
            var call = calls + "/{id}";
            Post(routes, calls, _create.Create);
            routes.MapGet(call, context => _pipeline.RunAsync(context, _lifecycle.Get));
            routes.MapDelete(call, context => _pipeline.RunAsync(context, _lifecycle.Delete));
            Post(routes, call + "/answer", _answering.Answer);
            Post(routes, call + "/reject", _answering.Reject);
            Post(routes, call + "/redirect", _routing.Redirect);
            Post(routes, call + "/transfer", _routing.Transfer);
            Post(routes, call + "/keepAlive", _lifecycle.KeepAlive);
            Post(routes, call + "/mute", _media.MuteSelf);
            Post(routes, call + "/unmute", _media.UnmuteSelf);
            Post(routes, call + "/changeScreenSharingRole", _media.ChangeScreenSharingRole);
            Post(routes, call + "/updateRecordingStatus", _media.UpdateRecordingStatus);
            Post(routes, call + "/playPrompt", _media.PlayPrompt);
            Post(routes, call + "/recordResponse", _media.RecordResponse);
            Post(routes, call + "/record", _media.RecordResponse);
            Post(routes, call + "/subscribeToTone", _media.SubscribeToTone);
            Post(routes, call + "/sendDtmfTones", _media.SendDtmfTones);
            Post(routes, call + "/cancelMediaProcessing", _media.CancelMediaProcessing);
            routes.MapGet(call + "/participants", context => _pipeline.RunAsync(context, _participants.List));
            Post(routes, call + "/participants/invite", _participants.Invite);
            routes.MapGet(call + "/participants/{participantId}", context => _pipeline.RunAsync(context, _participants.Get));
            routes.MapDelete(call + "/participants/{participantId}", context => _pipeline.RunAsync(context, _participants.Remove));
            Post(routes, call + "/participants/{participantId}/mute", _participants.Mute);
            routes.MapGet(call + "/operations/{operationId}", context => _pipeline.RunAsync(context, _media.GetOperation));
        }
    }

    private void Post(IEndpointRouteBuilder routes, string pattern, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapPost(pattern, context => _pipeline.RunAsync(context, operation));
}
