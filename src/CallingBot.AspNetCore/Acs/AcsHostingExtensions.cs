using CallingBot.Acs;
using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using CallingBot.AspNetCore.Hosting;
using CallingBot.Core.Platform;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Acs;

/// <summary>
/// Azure Communication Services as the bot's second calling platform, when the <c>CallingBot:Acs</c> section exists:
/// the adapter, its options and the endpoints' options (validated at start), the platform that puts ACS beside Graph,
/// and, in local mode, the emulator's ACS part as the service.
/// </summary>
internal static class AcsHostingExtensions
{
    /// <summary>True when <c>CallingBot:Acs</c> has any setting.</summary>
    public static bool IsConfigured(IConfiguration configuration) => configuration.GetSection(AcsOptions.SectionName).Exists();

    public static WebApplicationBuilder AddCallingBotAcs(this WebApplicationBuilder builder, HostMode mode)
    {
        if (!IsConfigured(builder.Configuration))
        {
            return builder;
        }

        var section = builder.Configuration.GetSection(AcsOptions.SectionName);
        var services = builder.Services;
        services.AddOptions<AcsOptions>().Bind(section);
        services.AddAcsCalling();
        services.AddOptions<AcsEndpointOptions>().Bind(section).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AcsEndpointOptions>, AcsEndpointOptionsValidator>());
        services.AddHttpClient(AcsCallbackTokenValidator.MetadataHttpClient);
        services.TryAddSingleton<AcsCallbackTokenValidator>();
        services.TryAddSingleton<AcsEndpoints>();

        // The call manager drives one platform: Graph's registration, wrapped with ACS beside it.
        var graph = services.LastOrDefault(d => d.ServiceType == typeof(ICallingPlatform))
            ?? throw new InvalidOperationException("ACS is added beside the Graph platform: register the Graph adapter first.");
        services.Replace(ServiceDescriptor.Singleton<ICallingPlatform>(sp => new AcsAwarePlatform(Resolve(sp, graph), sp.GetRequiredService<AcsCallingPlatform>())));
        services.AddHostedService<AcsHostStartup>();
#if CALLINGBOT_EMULATOR
        if (mode == HostMode.Local)
        {
            AcsLocalMode.Add(services);
        }
#endif
        return builder;
    }

    /// <summary>Maps <c>POST /api/acs/incoming</c> and <c>POST /api/acs/callbacks</c> when ACS is configured.</summary>
    public static WebApplication MapCallingBotAcs(this WebApplication app)
    {
        if (app.Services.GetService<AcsEndpoints>() is not { } endpoints)
        {
            return app;
        }

        app.MapPost(AcsEndpoints.IncomingPath, (Delegate)endpoints.IncomingAsync).AllowAnonymous().DisableAntiforgery();
        app.MapPost(AcsEndpoints.CallbacksPath, (Delegate)endpoints.CallbacksAsync).AllowAnonymous().DisableAntiforgery();
        return app;
    }

    private static ICallingPlatform Resolve(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: ICallingPlatform instance } => instance,
        { ImplementationFactory: { } factory } => (ICallingPlatform)factory(services),
        { ImplementationType: { } type } => (ICallingPlatform)ActivatorUtilities.GetServiceOrCreateInstance(services, type),
        _ => throw new InvalidOperationException("The Graph platform's registration cannot be resolved."),
    };
}
