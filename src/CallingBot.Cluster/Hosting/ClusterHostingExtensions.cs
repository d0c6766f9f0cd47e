using System.Diagnostics.Metrics;
using CallingBot.Cluster.Calls;
using CallingBot.Cluster.Configuration;
using CallingBot.Core.Recovery;
using CallingBot.Core.Registry;
using CallingBot.Cluster.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallingBot.Cluster.Hosting;

public static class ClusterHostingExtensions
{
    /// <summary>
    /// Hosts this instance's silo (<see cref="CallingBotClusterOptions"/>, section <c>CallingBot:Cluster</c>, validated at
    /// start) and puts the cluster behind the call registry registered before (call <c>AddCallingBotCore</c> first). The
    /// host provides <see cref="ICallNotificationHandler"/>, <see cref="ILocalRequestExecutor"/> and
    /// <see cref="Instances.ILocalCallDirectory"/>.
    /// </summary>
    public static IHostApplicationBuilder AddCallingBotCluster(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        services.AddOptions<CallingBotClusterOptions>().Bind(builder.Configuration.GetSection(CallingBotClusterOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallingBotClusterOptions>, CallingBotClusterOptionsValidator>());
        builder.Logging.AddFilter("Orleans", LogLevel.Warning);
        services.TryAddSingleton(sp => new ClusterSilo(sp, sp.GetRequiredService<IOptions<CallingBotClusterOptions>>(), sp.GetRequiredService<ILogger<ClusterSilo>>()));
        services.AddHostedService(sp => sp.GetRequiredService<ClusterSilo>());
        services.TryAddSingleton(sp => new CallOwners(
            sp.GetRequiredService<ClusterSilo>(),
            sp.GetRequiredService<IOptions<CallingBotClusterOptions>>(),
            () => sp.GetRequiredService<ICallNotificationHandler>(),
            sp.GetRequiredService<ClusterMetrics>(),
            sp.GetRequiredService<ILogger<CallOwners>>()));
        services.TryAddSingleton(sp => new ClusterMetrics(sp.GetService<IMeterFactory>()));
        DecorateRegistry(services);
        DecorateLiveCallStore(services);
        services.TryAddSingleton(sp => new OrphanedCallSweeper(
            sp.GetRequiredService<ClusterSilo>(),
            sp.GetRequiredService<IOptions<CallingBotClusterOptions>>().Value.Mode == ClusterMode.Redis ? sp.GetRequiredService<RedisLiveCallStore>() : null,
            sp.GetRequiredService<IOptions<CallingBotClusterOptions>>(),
            sp.GetRequiredService<ILogger<OrphanedCallSweeper>>()));
        services.AddHostedService(sp => sp.GetRequiredService<OrphanedCallSweeper>());
        return builder;
    }

    /// <summary>
    /// In <see cref="ClusterMode.Redis"/> mode the live call records go to the shared Redis, where the instance taking
    /// a call over finds them; embedded, the store registered before (the recovery directory) stays.
    /// </summary>
    private static void DecorateLiveCallStore(IServiceCollection services)
    {
        var local = services.LastOrDefault(d => d.ServiceType == typeof(ILiveCallStore))
            ?? throw new InvalidOperationException("Register the live call store (AddCallingBotCore) before AddCallingBotCluster.");
        services.Remove(local);
        services.TryAddSingleton(sp =>
        {
            var silo = sp.GetRequiredService<ClusterSilo>();
            return new RedisLiveCallStore(sp.GetRequiredService<IOptions<CallingBotClusterOptions>>().Value, () => silo.Instance.SiloKey);
        });
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<CallingBotClusterOptions>>().Value.Mode == ClusterMode.Redis
            ? sp.GetRequiredService<RedisLiveCallStore>()
            : Resolve<ILiveCallStore>(sp, local));
    }

    private static void DecorateRegistry(IServiceCollection services)
    {
        var local = services.LastOrDefault(d => d.ServiceType == typeof(ICallRegistry))
            ?? throw new InvalidOperationException("Register the call registry (AddCallingBotCore) before AddCallingBotCluster.");
        services.Remove(local);
        services.AddSingleton(sp => new ClusterCallRegistry(
            Resolve<ICallRegistry>(sp, local),
            sp.GetRequiredService<ClusterSilo>(),
            sp.GetRequiredService<IOptions<CallingBotClusterOptions>>(),
            sp.GetRequiredService<ILogger<ClusterCallRegistry>>()));
        services.AddSingleton<ICallRegistry>(sp => sp.GetRequiredService<ClusterCallRegistry>());
    }

    private static T Resolve<T>(IServiceProvider services, ServiceDescriptor descriptor) => descriptor switch
    {
        { ImplementationInstance: T instance } => instance,
        { ImplementationFactory: { } factory } => (T)factory(services),
        { ImplementationType: { } type } => (T)ActivatorUtilities.CreateInstance(services, type),
        _ => throw new InvalidOperationException($"The {typeof(T).Name} registration cannot be decorated."),
    };
}
