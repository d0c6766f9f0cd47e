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
        // "/app/calls" is the deprecated path some reference pages still show (muteAll only shows it); Graph serves both.
        foreach (var (version, root) in new[] { ("v1.0", "communications"), ("beta", "communications"), ("v1.0", "app"), ("beta", "app") })
        {
            var calls = $"/{version}/{root}/calls";
            var call = calls + "/{id}";
            var participants = call + "/participants";
            var participant = participants + "/{participantId}";
            Post(routes, calls, GraphOperations.CreateCall, _create.Create);
            Action(routes, calls, "logTeleconferenceDeviceQuality", GraphOperations.LogTeleconferenceDeviceQuality, DeviceQualityApi.Log);
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
            Action(routes, call, "addLargeGalleryView", GraphOperations.AddLargeGalleryView, _media.AddLargeGalleryView);
            Get(routes, participants, GraphOperations.ListParticipants, _participants.List);
            Action(routes, participants, "invite", GraphOperations.InviteParticipants, _participants.Invite);
            Get(routes, participant, GraphOperations.GetParticipant, _participants.Get);
            Delete(routes, participant, GraphOperations.RemoveParticipant, _participants.Remove);
            Action(routes, participant, "mute", GraphOperations.MuteParticipant, _participants.Mute);
            Action(routes, participant, "startHoldMusic", GraphOperations.StartHoldMusic, _participants.StartHoldMusic);
            Action(routes, participant, "stopHoldMusic", GraphOperations.StopHoldMusic, _participants.StopHoldMusic);
            if (version == "beta")
            {
                // Beta-only actions: under v1.0 they are unknown segments (404), as in Graph.
                Action(routes, participants, "configureMixer", GraphOperations.ConfigureMixer, _participants.ConfigureMixer);
                Action(routes, participants, "muteAll", GraphOperations.MuteAll, _participants.MuteAll);
            }

            Get(routes, call + "/audioRoutingGroups", GraphOperations.ListAudioRoutingGroups, _collections.ListAudioRoutingGroups);
            Post(routes, call + "/audioRoutingGroups", GraphOperations.CreateAudioRoutingGroup, _collections.CreateAudioRoutingGroup);
            Get(routes, call + "/audioRoutingGroups/{itemId}", GraphOperations.GetAudioRoutingGroup, _collections.GetAudioRoutingGroup);
            Patch(routes, call + "/audioRoutingGroups/{itemId}", GraphOperations.UpdateAudioRoutingGroup, _collections.UpdateAudioRoutingGroup);
            Delete(routes, call + "/audioRoutingGroups/{itemId}", GraphOperations.DeleteAudioRoutingGroup, _collections.DeleteAudioRoutingGroup);
            Get(routes, call + "/contentSharingSessions", GraphOperations.ListContentSharingSessions, _collections.ListContentSharingSessions);
            Get(routes, call + "/contentSharingSessions/{itemId}", GraphOperations.GetContentSharingSession, _collections.GetContentSharingSession);
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

    private void Patch(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapPatch(pattern, context => _pipeline.RunAsync(context, name, operation));

    private void Delete(IEndpointRouteBuilder routes, string pattern, string name, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapDelete(pattern, context => _pipeline.RunAsync(context, name, operation));
}
