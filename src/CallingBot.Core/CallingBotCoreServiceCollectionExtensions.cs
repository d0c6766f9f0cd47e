using CallingBot.Core.Diagnostics;
using CallingBot.Core.Manager;
using CallingBot.Core.Recovery;
using CallingBot.Core.Registry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.Core;

public static class CallingBotCoreServiceCollectionExtensions
{
    /// <summary>
    /// Registers the call manager (<see cref="ICallManager"/>, started by the host with <see cref="ICallManager.Start"/>),
    /// the call registry (<see cref="ICallRegistry"/>, the one record of which calls are
    /// live or ended) and what they need. A router (<see cref="Routing.IIncomingCallRouter"/>) and a platform
    /// (<see cref="Platform.ICallingPlatform"/>) must be registered too.
    /// </summary>
    public static IServiceCollection AddCallingBotCore(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<CallManagerOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallManagerOptions>, CallManagerOptionsValidator>());
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => new CallMetrics(sp.GetService<System.Diagnostics.Metrics.IMeterFactory>()));
        services.AddOptions<CallRegistryOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallRegistryOptions>, CallRegistryOptionsValidator>());
        services.TryAddSingleton<ICallRegistry>(sp => new InMemoryCallRegistry(sp.GetRequiredService<IOptions<CallRegistryOptions>>().Value.EndedCallCapacity));
        services.TryAddSingleton<ICallHistory>(_ => new InMemoryCallHistory());
        services.AddOptions<CallRecoveryOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallRecoveryOptions>, CallRecoveryOptionsValidator>());
        services.TryAddSingleton<ILiveCallStore>(sp =>
        {
            var directory = sp.GetRequiredService<IOptions<CallRecoveryOptions>>().Value.Directory;
            return string.IsNullOrEmpty(directory)
                ? new InMemoryLiveCallStore()
                : new FileLiveCallStore(directory, Microsoft.Extensions.Logging.LoggerFactoryExtensions.CreateLogger<FileLiveCallStore>(sp.GetRequiredService<Microsoft.Extensions.Logging.ILoggerFactory>()));
        });
        services.TryAddSingleton<ICallManager, CallManager>();
        return services;
    }
}
