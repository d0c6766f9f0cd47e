using CallingBot.Cluster.Calls;
using CallingBot.Cluster.Hosting;
using CallingBot.Cluster.Instances;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CallingBot.AspNetCore.Cluster;

internal static class ClusterServiceCollectionExtensions
{
    /// <summary>
    /// Hosts this instance's silo (<c>CallingBot:Cluster</c>) and gives the cluster the host's side: the owner's
    /// notification intake, the in-process execution of API requests handed over, and this instance's call list.
    /// Call after the host's services are registered.
    /// </summary>
    public static WebApplicationBuilder AddCallingBotClusterHosting(this WebApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.AddCallingBotCluster();
        var services = builder.Services;
        services.TryAddSingleton<RequestPipeline>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStartupFilter, RequestPipeline.CaptureFilter>());
        services.TryAddSingleton<ICallNotificationHandler, OwnerNotificationHandler>();
        services.TryAddSingleton<ILocalRequestExecutor, PipelineRequestExecutor>();
        services.TryAddSingleton<ILocalCallDirectory, LocalCallDirectory>();
        services.TryAddSingleton<NotificationRouter>();
        return builder;
    }

    /// <summary>Hands API requests about calls held by another instance to that instance (after authorization, before endpoints).</summary>
    public static WebApplication UseCallingBotCallOwners(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseMiddleware<CallOwnerMiddleware>();
        return app;
    }
}
