using CallingBot.Core.Platform;
using CallingBot.Graph.Authentication;
using CallingBot.Graph.Calling;
using CallingBot.Graph.Configuration;
using CallingBot.Graph.Notifications;
using CallingBot.Graph.Resilience;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.Graph;

public static class GraphServiceCollectionExtensions
{
    /// <summary>
    /// Registers the Graph calling platform: options (validated at start), MSAL tokens, the SDK client wrapper and the
    /// notification processor; requests to the calls API go through retries and a circuit breaker (<see cref="GraphResilienceOptions"/>). The host calls <see cref="GraphCallingPlatform.Initialize"/> once its callback URL is known.
    /// </summary>
    public static IServiceCollection AddGraphCalling(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddOptions<GraphCallingOptions>().ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphCallingOptions>, GraphCallingOptionsValidator>());
        services.TryAddSingleton<GraphResilienceMetrics>();
        services.AddHttpClient(GraphHttpClients.Graph)
            .AddHttpMessageHandler(() => new ResilienceRejectionHandler())
            .AddResilienceHandler("calls", static (builder, context) =>
            {
                var provider = context.ServiceProvider;
                GraphResiliencePipeline.Configure(
                    builder,
                    provider.GetRequiredService<IOptions<GraphCallingOptions>>().Value.Resilience,
                    provider.GetRequiredService<GraphResilienceMetrics>(),
                    provider.GetRequiredService<ILoggerFactory>().CreateLogger("CallingBot.Graph.Resilience"),
                    // Budgets, backoff and the breaker measure the network, as HttpClient's own timeout does: they run
                    // on the wall clock, not on the service's TimeProvider, which drives call logic (deadlines,
                    // digit timeouts) and which a test may advance past a request still on the wire.
                    TimeProvider.System);
            });
        services.AddHttpClient(GraphHttpClients.Identity);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IGraphTokenSource, MsalTokenSource>();
        services.TryAddSingleton<GraphCallingPlatform>();
        services.TryAddSingleton<ICallingPlatform>(sp => sp.GetRequiredService<GraphCallingPlatform>());
        services.TryAddSingleton<GraphNotificationProcessor>();
        return services;
    }
}
