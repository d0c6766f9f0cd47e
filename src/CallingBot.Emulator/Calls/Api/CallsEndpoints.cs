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
            Action(routes, call, "answer", GraphOperations.Answer, _answering.Answer);
            Action(routes, call, "reject", GraphOperations.Reject, _answering.Reject);
            Action(routes, call, "redirect", GraphOperations.Redirect, _routing.Redirect);
            Action(routes, call, "transfer", GraphOperations.Transfer, _routing.Transfer);
            Action(routes, call, "keepAlive", GraphOperations.KeepAlive, _lifecycle.KeepAlive);
            Action(routes, call, "mute", GraphOperations.Mute, _media.MuteSelf);
            Action(routes, call, "unmute", GraphOperations.Unmute, _media.UnmuteSelf);
            Action(routes, call, "changeScreenSharingRole", GraphOperations.ChangeScreenSharingRole, _media.ChangeScreenSharingRole);
            Action(routes, call, "updateRecordingStatus", GraphOperations.UpdateRecordingStatus, _media.UpdateRecordingStatus);
            Action(routes, call, "playPrompt", GraphOperations.PlayPrompt, _media.PlayPrompt);
            Action(routes, call, "recordResponse", GraphOperations.RecordResponse, _media.RecordResponse);
            Action(routes, call, "record", GraphOperations.RecordResponse, _media.RecordResponse);
            Action(routes, call, "subscribeToTone", GraphOperations.SubscribeToTone, _media.SubscribeToTone);
            Action(routes, call, "sendDtmfTones", GraphOperations.SendDtmfTones, _media.SendDtmfTones);
            Action(routes, call, "cancelMediaProcessing", GraphOperations.CancelMediaProcessing, _media.CancelMediaProcessing);
            Get(routes, call + "/participants", GraphOperations.ListParticipants, _participants.List);
            Action(routes, call + "/participants", "invite", GraphOperations.InviteParticipants, _participants.Invite);
            Get(routes, call + "/participants/{participantId}", GraphOperations.GetParticipant, _participants.Get);
            Get(routes, call + "/audioRoutingGroups", GraphOperations.ListAudioRoutingGroups, _collections.ListAudioRoutingGroups);
            Get(routes, call + "/contentSharingSessions", GraphOperations.ListContentSharingSessions, _collections.ListContentSharingSessions);
            Delete(routes, call + "/participants/{participantId}", GraphOperations.RemoveParticipant, _participants.Remove);
            Action(routes, call + "/participants/{participantId}", "mute", GraphOperations.MuteParticipant, _participants.Mute);
            Get(routes, call + "/operations/{operationId}", GraphOperations.GetOperation, _media.GetOperation);
        }
    }

    /// <summary>Maps an action under <paramref name="resource"/> by its name and by its qualified name (<c>microsoft.graph.{name}</c>), as Graph accepts both.</summary>
    private void Action(IEndpointRouteBuilder routes, string resource, string action, string name, Func<GraphRequestContext, EngineResult> operation)
    {
        Post(routes, $"{resource}/{action}", name, operation);
        Post(routes, $"{resource}/microsoft.graph.{action}", name, operation);
    }

    private void Post(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapPost(pattern, context => _pipeline.RunAsync(context, name, operation));

    private void Get(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapGet(pattern, context => _pipeline.RunAsync(context, name, operation));

    private void Delete(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapDelete(pattern, context => _pipeline.RunAsync(context, name, operation));
}
