using System.Diagnostics.Metrics;
using CallingBot.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Callbacks;

internal static class CallbackServiceCollectionExtensions
{
    /// <summary>
    /// Registers the calling webhook's defences: callback token validation (<see cref="CallbackAuthenticationOptions"/>,
    /// validated at start), the per-token rate limit, the replay cache and the webhook's metrics.
    /// </summary>
    public static IServiceCollection AddCallingBotCallbacks(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<CallbackAuthenticationOptions>().Bind(configuration.GetSection(CallbackAuthenticationOptions.SectionName)).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CallbackAuthenticationOptions>>(new CallbackAuthenticationOptionsValidator(mode));
        services.AddHttpClient(CallbackTokenValidator.MetadataHttpClient, client => client.Timeout = TimeSpan.FromSeconds(10));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CallbackTokenValidator>();
        services.TryAddSingleton<CallbackTokenRateLimiter>();
        services.TryAddSingleton<CallbackReplayCache>();
        services.TryAddSingleton(sp => new CallbackMetrics(sp.GetService<IMeterFactory>()));
        return services;
    }
}
