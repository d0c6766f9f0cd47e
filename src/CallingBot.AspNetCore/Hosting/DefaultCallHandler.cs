using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.AspNetCore.Diagnostics;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// The handler used when no router is registered: answers, stays on the call quietly and logs what happens.
/// Replace it by registering your own <see cref="Core.Routing.IIncomingCallRouter"/>.
/// </summary>
internal sealed partial class DefaultCallHandler(ILogger<DefaultCallHandler> logger) : CallHandler
{
    public override Task OnEstablishedAsync(ICallContext call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        Log.Established(logger, call.Direction);
        return Task.CompletedTask;
    }

    public override Task OnTerminatedAsync(ICallContext call, CallTermination termination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(termination);
        Log.Terminated(logger, termination.Code, termination.Subcode);
        return Task.CompletedTask;
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = AspNetCoreEventIds.DefaultHandlerEstablished, EventName = nameof(AspNetCoreEventIds.DefaultHandlerEstablished), Level = LogLevel.Information, Message = "Default handler: {Direction} call established")]
        public static partial void Established(ILogger logger, CallDirection direction);

        [LoggerMessage(EventId = AspNetCoreEventIds.DefaultHandlerTerminated, EventName = nameof(AspNetCoreEventIds.DefaultHandlerTerminated), Level = LogLevel.Information, Message = "Default handler: call ended ({Code}/{Subcode})")]
        public static partial void Terminated(ILogger logger, int code, int subcode);
    }
}
