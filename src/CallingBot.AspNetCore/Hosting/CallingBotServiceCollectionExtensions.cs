using CallingBot.AspNetCore.Api;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.AspNetCore.Callbacks;
using CallingBot.AspNetCore.Dashboard;
using CallingBot.AspNetCore.Health;
using CallingBot.AspNetCore.Media;
using CallingBot.AspNetCore.RequestLimits;
using CallingBot.AspNetCore.Telemetry;
using CallingBot.Core;
using CallingBot.Core.Routing;
using CallingBot.Graph;
using CallingBot.Graph.Configuration;
using CallingBot.History;
using CallingBot.History.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.AspNetCore.Hosting;

internal static class CallingBotServiceCollectionExtensions
{
    /// <summary>Registers the host's services: core, Graph adapter, webhook defences, API access, health, controllers.</summary>
    public static IServiceCollection AddCallingBotHost(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(new ActiveHostMode(mode));
        services.AddOptions<CallingBotHostOptions>().Bind(configuration.GetSection(CallingBotHostOptions.SectionName)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<CallingBotHostOptions>, CallingBotHostOptionsValidator>());
        services.Configure<GraphCallingOptions>(configuration.GetSection(GraphCallingOptions.SectionName));
        services.Configure<Core.Manager.CallManagerOptions>(configuration.GetSection(Core.Manager.CallManagerOptions.SectionName));
        services.Configure<Core.Registry.CallRegistryOptions>(configuration.GetSection(Core.Registry.CallRegistryOptions.SectionName));
        services.Configure<Core.Recovery.CallRecoveryOptions>(configuration.GetSection(Core.Recovery.CallRecoveryOptions.SectionName));
        services.AddSingleton<IPostConfigureOptions<Core.Recovery.CallRecoveryOptions>, Recovery.RecoveryDirectoryDefaults>();

        // Before the core, whose in-memory history it replaces; its writer, registered before the lifecycle service,
        // stops after the calls were drained and so writes their records.
        services.AddCallingBotHistory(configuration);
        services.AddOptions<CallHistoryOptions>().PostConfigure<IHostEnvironment>(ResolveHistoryPath);
        services.AddHostedService<HistoryTopologyCheck>();
        services.AddCallingBotCore();
        services.AddGraphCalling();
        services.TryAddSingleton<IIncomingCallRouter, DefaultRouter>();
        services.AddCallingBotCallbacks(configuration, mode);
        services.AddCallingBotApiAccess(configuration, mode);
        services.AddCallingBotHostDashboard(configuration, mode);
        services.AddCallingBotRequestLimits();
        services.AddHostedService<GraphCredentialCheck>();
        services.AddCallingBotApi();
        services.AddCallingBotMedia(configuration, mode);
        services.AddCallingBotTelemetry(configuration, mode);
        services.TryAddSingleton<BotLifecycleService>();
        services.AddHostedService(sp => sp.GetRequiredService<BotLifecycleService>());
        services.AddHealthChecks()
            .AddCheck<ReadinessHealthCheck>("ready", tags: ["ready"])
            .AddCheck<CallHistoryHealthCheck>("history", tags: ["ready"])
            .AddCheck<GraphCredentialsHealthCheck>("graph-credentials")
            .AddCheck<ClusterHealthCheck>("cluster");
        services.TryAddSingleton<GraphCredentialsHealthCheck>();
        services.TryAddSingleton<ClusterHealthCheck>();
        services.AddProblemDetails();
        services.AddControllers()
            .AddApplicationPart(typeof(CallingBotServiceCollectionExtensions).Assembly)
            .ConfigureApplicationPartManager(parts => parts.FeatureProviders.Add(new BotControllerFeatureProvider()));
        // The host gives shutdown exactly what the drain and the grace after it need (docs/operations.md#drain).
        services.AddOptions<HostOptions>().Configure<IOptions<CallingBotHostOptions>>((host, bot) => host.ShutdownTimeout = bot.Value.ShutdownTimeout);
        return services;
    }

    /// <summary>A relative SQLite path of the history is under the content root.</summary>
    private static void ResolveHistoryPath(CallHistoryOptions options, IHostEnvironment environment)
    {
        var path = options.Sqlite?.Path;
        if (string.IsNullOrWhiteSpace(path) || Path.IsPathFullyQualified(path) || path.AsSpan().IndexOfAny(Path.GetInvalidPathChars()) >= 0)
        {
            return;
        }

        options.Sqlite!.Path = Path.GetFullPath(path, environment.ContentRootPath);
    }
}
