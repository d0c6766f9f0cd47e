using CallingBot.Core.Calls;
using CallingBot.Core.Routing;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// Answers every incoming call with service-hosted media and the <see cref="DefaultCallHandler"/>, and continues every
/// service-hosted call taken over after a restart with a new one.
/// </summary>
internal sealed class DefaultRouter(ILoggerFactory loggerFactory) : IIncomingCallRouter
{
    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CallDecision.Answer(new DefaultCallHandler(loggerFactory.CreateLogger<DefaultCallHandler>())));

    public ValueTask<Core.Handlers.CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult<Core.Handlers.CallHandler?>(new DefaultCallHandler(loggerFactory.CreateLogger<DefaultCallHandler>()));
}
