using CallingBot.Acs.Calling;
using CallingBot.Acs.Configuration;
using CallingBot.Acs.Signing;
using CallingBot.Core.Platform;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.Acs;

public static class AcsServiceCollectionExtensions
{
    /// <summary>
    /// Registers the ACS calling platform: <see cref="AcsOptions"/> (validated at start; bind them from
    /// <see cref="AcsOptions.SectionName"/>), the signing HttpClient, <see cref="AcsCallAutomationClient"/> and
    /// <see cref="AcsCallingPlatform"/> as the <see cref="ICallingPlatform"/> unless one is registered already.
    /// </summary>
    public static IServiceCollection AddAcsCalling(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<AcsOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AcsOptions>, AcsOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new AcsRequestSigner(sp.GetRequiredService<IOptions<AcsOptions>>().Value.ResolveAccessKey()!));
        services.AddHttpClient(AcsCallAutomationClient.HttpClientName)
            .AddHttpMessageHandler(sp => new AcsHmacAuthenticationHandler(sp.GetRequiredService<AcsRequestSigner>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp => ActivatorUtilities.CreateInstance<AcsCallAutomationClient>(
            sp, sp.GetRequiredService<IHttpClientFactory>().CreateClient(AcsCallAutomationClient.HttpClientName)));
        services.TryAddSingleton<AcsCallingPlatform>();
        services.TryAddSingleton<ICallingPlatform>(sp => sp.GetRequiredService<AcsCallingPlatform>());
        return services;
    }
}
