using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;

namespace CallingBot.AspNetCore.Hosting;

/// <summary>
/// Answers every incoming call with a new <typeparamref name="THandler"/> (see <see cref="CallingBotBuilder.UseHandler{THandler}"/>);
/// adopts a call taken over only when the handler says how to continue one (overrides <see cref="CallHandler.OnAdoptedAsync"/>).
/// </summary>
internal sealed class HandlerRouter<THandler>(IServiceProvider services, MediaHosting media) : IIncomingCallRouter
    where THandler : CallHandler
{
    private static readonly ObjectFactory<THandler> Create = ActivatorUtilities.CreateFactory<THandler>([]);

    /// <summary>Whether <typeparamref name="THandler"/> continues adopted calls: it overrides <see cref="CallHandler.OnAdoptedAsync"/>.</summary>
    internal static readonly bool Adopts =
        typeof(THandler).GetMethod(nameof(CallHandler.OnAdoptedAsync), [typeof(ICallContext), typeof(CancellationToken)])!.DeclaringType != typeof(CallHandler);

    public ValueTask<CallDecision> RouteAsync(IncomingCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult(CallDecision.Answer(Create(services, null), media));

    public ValueTask<CallHandler?> AdoptAsync(AdoptedCallInfo call, CancellationToken cancellationToken) =>
        ValueTask.FromResult<CallHandler?>(Adopts ? Create(services, null) : null);
}
