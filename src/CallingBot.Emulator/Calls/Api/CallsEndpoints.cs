using CallingBot.Emulator.Faults;
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
    private readonly CallCollectionsApi _collections;

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
        _collections = new CallCollectionsApi(registry);
    }

    public void Map(IEndpointRouteBuilder routes)
    {
        foreach (var version in new[] { "v1.0", "beta" })
        {
            var calls = $"/{version}/communications/calls";
            var call = calls + "/{id}";
            Post(routes, calls, GraphOperations.CreateCall, _create.Create);
            Get(routes, call, GraphOperations.GetCall, _lifecycle.Get);
            Delete(routes, call, GraphOperations.DeleteCall, _lifecycle.Delete);
            Post(routes, call + "/answer", GraphOperations.Answer, _answering.Answer);
            Post(routes, call + "/reject", GraphOperations.Reject, _answering.Reject);
            Post(routes, call + "/redirect", GraphOperations.Redirect, _routing.Redirect);
            Post(routes, call + "/transfer", GraphOperations.Transfer, _routing.Transfer);
            Post(routes, call + "/keepAlive", GraphOperations.KeepAlive, _lifecycle.KeepAlive);
            Post(routes, call + "/mute", GraphOperations.Mute, _media.MuteSelf);
            Post(routes, call + "/unmute", GraphOperations.Unmute, _media.UnmuteSelf);
            Post(routes, call + "/changeScreenSharingRole", GraphOperations.ChangeScreenSharingRole, _media.ChangeScreenSharingRole);
            Post(routes, call + "/updateRecordingStatus", GraphOperations.UpdateRecordingStatus, _media.UpdateRecordingStatus);
            Post(routes, call + "/playPrompt", GraphOperations.PlayPrompt, _media.PlayPrompt);
            Post(routes, call + "/recordResponse", GraphOperations.RecordResponse, _media.RecordResponse);
            Post(routes, call + "/record", GraphOperations.RecordResponse, _media.RecordResponse);
            Post(routes, call + "/subscribeToTone", GraphOperations.SubscribeToTone, _media.SubscribeToTone);
            Post(routes, call + "/sendDtmfTones", GraphOperations.SendDtmfTones, _media.SendDtmfTones);
            Post(routes, call + "/cancelMediaProcessing", GraphOperations.CancelMediaProcessing, _media.CancelMediaProcessing);
            Get(routes, call + "/participants", GraphOperations.ListParticipants, _participants.List);
            Post(routes, call + "/participants/invite", GraphOperations.InviteParticipants, _participants.Invite);
            Get(routes, call + "/participants/{participantId}", GraphOperations.GetParticipant, _participants.Get);
            Get(routes, call + "/audioRoutingGroups", GraphOperations.ListAudioRoutingGroups, _collections.ListAudioRoutingGroups);
            Get(routes, call + "/contentSharingSessions", GraphOperations.ListContentSharingSessions, _collections.ListContentSharingSessions);
            Delete(routes, call + "/participants/{participantId}", GraphOperations.RemoveParticipant, _participants.Remove);
            Post(routes, call + "/participants/{participantId}/mute", GraphOperations.MuteParticipant, _participants.Mute);
            Get(routes, call + "/operations/{operationId}", GraphOperations.GetOperation, _media.GetOperation);
        }
    }

    private void Post(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapPost(pattern, context => _pipeline.RunAsync(context, name, operation));

    private void Get(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapGet(pattern, context => _pipeline.RunAsync(context, name, operation));

    private void Delete(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapDelete(pattern, context => _pipeline.RunAsync(context, name, operation));
}
