using CallingBot.Emulator.Http;

namespace CallingBot.Emulator.Calls.Api;

/// <summary>GET and DELETE of a call, and keepAlive.</summary>
internal sealed class CallLifecycleApi(CallRegistry registry)
{
    /// <summary>GET /communications/calls/{id}</summary>
    public EngineResult Get(GraphRequestContext context)
    {
        var call = LiveCall(context);
        return new EngineResult(200, call.Read(locked => CallResource.Full(locked, context.ServiceRoot)), call.Id);
    }

    /// <summary>DELETE /communications/calls/{id}: the bot hangs up; the call ends once the response has been written.</summary>
    public EngineResult Delete(GraphRequestContext context)
    {
        var call = LiveCall(context);
        call.BeginHangUp();
        return new EngineResult(204, CallId: call.Id, AfterResponse: call.FinishHangUp);
    }

    /// <summary>POST /communications/calls/{id}/keepAlive: the request itself restarts the idle timeout.</summary>
    public EngineResult KeepAlive(GraphRequestContext context) => new(200, CallId: LiveCall(context).Id);

    private EmulatedCall LiveCall(GraphRequestContext context)
    {
        context.Require(ApiPermissions.AnyCall);
        return registry.GetLiveCall(context.CallId, context.Principal.AppId);
    }
}
