using CallingBot.Emulator.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace CallingBot.Emulator.Calls;

/// <summary>Maps the Graph calls API under <c>/v1.0</c> and <c>/beta</c>.</summary>
internal sealed class CallsEndpoints(GraphPipeline pipeline, CallEngine engine)
{
    public void Map(IEndpointRouteBuilder routes)
    {
        foreach (var version in new[] { "v1.0", "beta" })
        {
            var calls = $"/{version}/communications/calls";
            var call = calls + "/{id}";
            Post(routes, calls, engine.Create);
            routes.MapGet(call, context => pipeline.RunAsync(context, engine.Get));
            routes.MapDelete(call, context => pipeline.RunAsync(context, engine.Delete));
            Post(routes, call + "/answer", engine.Answer);
            Post(routes, call + "/reject", engine.Reject);
            Post(routes, call + "/redirect", engine.Redirect);
            Post(routes, call + "/transfer", engine.Transfer);
            Post(routes, call + "/keepAlive", engine.KeepAlive);
            Post(routes, call + "/mute", engine.MuteSelf);
            Post(routes, call + "/unmute", engine.UnmuteSelf);
            Post(routes, call + "/changeScreenSharingRole", engine.ChangeScreenSharingRole);
            Post(routes, call + "/updateRecordingStatus", engine.UpdateRecordingStatus);
            Post(routes, call + "/playPrompt", engine.PlayPrompt);
            Post(routes, call + "/recordResponse", engine.RecordResponse);
            Post(routes, call + "/record", engine.RecordResponse);
            Post(routes, call + "/subscribeToTone", engine.SubscribeToTone);
            Post(routes, call + "/sendDtmfTones", engine.SendDtmfTones);
            Post(routes, call + "/cancelMediaProcessing", engine.CancelMediaProcessing);
            routes.MapGet(call + "/participants", context => pipeline.RunAsync(context, engine.ListParticipants));
            Post(routes, call + "/participants/invite", engine.InviteParticipants);
            routes.MapGet(call + "/participants/{participantId}", context => pipeline.RunAsync(context, engine.GetParticipant));
            routes.MapDelete(call + "/participants/{participantId}", context => pipeline.RunAsync(context, engine.RemoveParticipant));
            Post(routes, call + "/participants/{participantId}/mute", engine.MuteParticipant);
            routes.MapGet(call + "/operations/{operationId}", context => pipeline.RunAsync(context, engine.GetOperation));
        }
    }

    private void Post(IEndpointRouteBuilder routes, string pattern, Func<GraphRequestContext, EngineResult> operation) =>
        routes.MapPost(pattern, context => pipeline.RunAsync(context, operation));
}
