using System.Text.Json.Nodes;
using CallingBot.Emulator.Http;
using CallingBot.Emulator.Identity;

namespace CallingBot.Emulator.Calls;

internal sealed partial class CallEngine
{
    private static readonly string[] AnyCallPermission =
    [
        GraphPermissions.CallsInitiateAll,
        GraphPermissions.CallsInitiateGroupCallAll,
        GraphPermissions.CallsJoinGroupCallAll,
        GraphPermissions.CallsJoinGroupCallAsGuestAll,
        GraphPermissions.CallsAccessMediaAll,
    ];

    /// <summary>GET /communications/calls/{id}</summary>
    public EngineResult Get(GraphRequestContext context)
    {
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            return new EngineResult(200, CallResource.Full(call, context.ServiceRoot), call.Id);
        }
    }

    /// <summary>DELETE /communications/calls/{id}: the bot hangs up.</summary>
    public EngineResult Delete(GraphRequestContext context)
    {
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        lock (call.Gate)
        {
            call.AnswerTimer?.Dispose();
            call.AnswerTimer = null;
            call.State = CallStates.Terminating;
        }

        return new EngineResult(204, CallId: call.Id, AfterResponse: () =>
        {
            lock (call.Gate)
            {
                Terminate(call, ResultCodes.ApplicationHungUp(), "applicationHangUp");
            }
        });
    }

    /// <summary>POST /communications/calls/{id}/keepAlive</summary>
    public EngineResult KeepAlive(GraphRequestContext context)
    {
        context.Require(AnyCallPermission);
        var call = GetLiveCall(context.CallId, context.Principal.AppId);
        return new EngineResult(200, CallId: call.Id);
    }

    /// <summary>The remote side hangs up (control API).</summary>
    public void HangUp(string callId)
    {
        var call = Find(callId) ?? throw new KeyNotFoundException($"Call '{callId}' was not found.");
        lock (call.Gate)
        {
            if (call.IsTerminated)
            {
                throw new InvalidOperationException($"Call '{callId}' has already ended.");
            }

            RecordEvent(call, "The remote side hung up.");
            Terminate(call, ResultCodes.RemoteHungUp(), "remoteHangUp");
        }
    }

    /// <summary>The resource a GET of the participants collection returns.</summary>
    private static JsonObject ParticipantList(EmulatedCall call, string serviceRoot)
    {
        var value = new JsonArray();
        foreach (var participant in call.Participants)
        {
            value.Add(CallResource.Participant(participant, false));
        }

        return new JsonObject
        {
            ["@odata.context"] = serviceRoot + $"$metadata#communications/calls('{call.Id}')/participants",
            ["value"] = value,
        };
    }
}
