using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.Recording;
using CallingBot.Core.Calls;
using CallingBot.Core.Handlers;
using CallingBot.Core.Routing;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.AspNetCore;

/// <summary>
/// Configures the bot that <see cref="CallingBotHostingExtensions.AddCallingBot"/> added: which router decides the
/// incoming calls, and the clock. Each <c>Use…</c> replaces the previous choice.
/// </summary>
public sealed class CallingBotBuilder
{
    internal CallingBotBuilder(IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        Services = services;
        Configuration = configuration;
        Mode = mode;
    }

    /// <summary>The application's services, for the registrations a router or handler needs.</summary>
    public IServiceCollection Services { get; }

    /// <summary>The application's configuration.</summary>
    public IConfiguration Configuration { get; }

    /// <summary>
    /// True once <c>AddCallingBot</c> found <c>CallingBot:Recording:Enabled</c>: a router picked afterwards goes behind
    /// the recording router too, which keeps the recording invitations.
    /// </summary>
    internal bool RecordsCompliance { get; set; }

    /// <summary>The mode the bot runs in: <see cref="HostMode.Local"/> (the built-in emulator) or <see cref="HostMode.Real"/> (Microsoft Graph).</summary>
    public HostMode Mode { get; }

    /// <summary>Decides incoming calls with <typeparamref name="TRouter"/>, one instance created from the application's services.</summary>
    public CallingBotBuilder UseRouter<TRouter>()
        where TRouter : class, IIncomingCallRouter
    {
        Services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter, TRouter>());
        return Routed();
    }

    /// <summary>Decides incoming calls with <paramref name="router"/>.</summary>
    public CallingBotBuilder UseRouter(IIncomingCallRouter router)
    {
        ArgumentNullException.ThrowIfNull(router);
        Services.Replace(ServiceDescriptor.Singleton(router));
        return Routed();
    }

    /// <summary>
    /// Decides incoming calls with the router <paramref name="factory"/> builds from the application's services, once,
    /// when the bot first needs it: for a router made from options or other services.
    /// </summary>
    public CallingBotBuilder UseRouter(Func<IServiceProvider, IIncomingCallRouter> factory)
    {
        ArgumentNullException.ThrowIfNull(factory);
        Services.Replace(ServiceDescriptor.Singleton(factory));
        return Routed();
    }

    /// <summary>
    /// Answers every incoming call with a new <typeparamref name="THandler"/>, its constructor's parameters taken from
    /// the application's services. A call taken over after a restart continues with a new one when
    /// <typeparamref name="THandler"/> overrides <see cref="CallHandler.OnAdoptedAsync"/>, and is hung up otherwise.
    /// For rejecting, redirecting or picking handlers per call, write a router instead.
    /// </summary>
    /// <param name="media">How the calls' media is hosted: <see cref="MediaHosting.AppHosted"/> for a handler that processes audio.</param>
    public CallingBotBuilder UseHandler<THandler>(MediaHosting media = MediaHosting.ServiceHosted)
        where THandler : CallHandler
    {
        Services.Replace(ServiceDescriptor.Singleton<IIncomingCallRouter>(sp => new HandlerRouter<THandler>(sp, media)));
        return Routed();
    }

    private CallingBotBuilder Routed()
    {
        if (RecordsCompliance)
        {
            Services.PutRecordingRouterInFront();
        }

        return this;
    }

    /// <summary>The clock of the call manager, its handlers' timers and deadlines: for tests, a FakeTimeProvider.</summary>
    public CallingBotBuilder UseTimeProvider(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        Services.Replace(ServiceDescriptor.Singleton(timeProvider));
        return this;
    }
}
