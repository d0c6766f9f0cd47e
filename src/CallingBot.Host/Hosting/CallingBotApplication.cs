using CallingBot.Core;
using CallingBot.Core.Routing;
using CallingBot.Dashboard;
using CallingBot.Graph;
using CallingBot.Graph.Configuration;
using CallingBot.History;
using CallingBot.History.Configuration;
using CallingBot.Host.Api;
using CallingBot.Host.ApiAccess;
using CallingBot.Host.Callbacks;
using CallingBot.Host.Cluster;
using CallingBot.Host.Dashboard;
using CallingBot.Host.Health;
using CallingBot.Host.LocalMode;
using CallingBot.Host.Logging;
using CallingBot.Host.Media;
using CallingBot.Host.RequestLimits;
using CallingBot.Host.Telemetry;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CallingBot.Host.Hosting;

/// <summary>
/// Builds the CallingBot web application: configuration, logging, local or real mode, services and endpoints.
/// <c>Program</c> and the end-to-end tests both go through here.
/// </summary>
public static class CallingBotApplication
{
    /// <param name="args">Command-line arguments (for example <c>--urls</c>).</param>
    /// <param name="configure">Lets tests and embedding hosts add configuration and services before the app is built.</param>
    public static async Task<WebApplication> CreateAsync(string[] args, Action<WebApplicationBuilder>? configure = null, CancellationToken cancellationToken = default)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            // The service's own name, whoever builds it (a test host, a benchmark): user secrets (Development) and the
            // environment's application name are the service's.
            ApplicationName = typeof(CallingBotApplication).Assembly.GetName().Name,
        });

        // Under systemd (Type=notify) or the Windows service manager: report start and stop to it; elsewhere these do nothing.
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService();
        configure?.Invoke(builder);
        var serilog = SerilogSetup.CreateLogger(builder.Configuration, builder.GetConsoleLogWriter());
        builder.Logging.AddCallingBotSerilog(serilog, dispose: true);

        var hostOptions = builder.Configuration.GetSection(CallingBotHostOptions.SectionName).Get<CallingBotHostOptions>() ?? new CallingBotHostOptions();
        var mode = ResolveMode(hostOptions.Mode, builder.Configuration);
        LocalEnvironment? local = null;
        try
        {
            if (mode == HostMode.Local)
            {
                var localOptions = builder.Configuration.GetSection(LocalModeOptions.SectionName).Get<LocalModeOptions>() ?? new LocalModeOptions();
                var emulatorLogs = LoggerFactory.Create(l => l.AddCallingBotSerilog(serilog, dispose: false));
                local = await LocalEnvironment.StartAsync(localOptions, builder.Environment.ContentRootPath, emulatorLogs, cancellationToken);
                builder.Services.AddLocalMode(local);
                if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
                {
                    builder.WebHost.UseUrls("https://127.0.0.1:9443");
                }

                var certificate = local.Emulator.TlsCertificate;
                builder.WebHost.ConfigureKestrel(kestrel => kestrel.ConfigureHttpsDefaults(https => https.ServerCertificate = certificate));
            }
            else
            {
                builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphCallingOptions>, RealModeOptionsValidator>());
            }

            builder.Services.AddCallingBotHost(builder.Configuration, mode);
            builder.AddCallingBotClusterHosting();
            var app = builder.Build();
            app.MapCallingBot();
            return app;
        }
        catch
        {
            if (local is not null)
            {
                await local.DisposeAsync();
            }

            throw;
        }
    }

    public static HostMode ResolveMode(HostMode configured, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (configured != HostMode.Auto)
        {
            return configured;
        }

        return string.IsNullOrWhiteSpace(configuration[$"{GraphCallingOptions.SectionName}:AppId"]) ? HostMode.Local : HostMode.Real;
    }

    /// <summary>Registers the host's services: core, Graph adapter, webhook defences, API access, health, controllers.</summary>
    public static IServiceCollection AddCallingBotHost(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
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
        services.AddControllers().AddApplicationPart(typeof(CallingBotApplication).Assembly);
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

    /// <summary>Adds the middleware and endpoints.</summary>
    public static WebApplication MapCallingBot(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseMiddleware<RequestLoggingMiddleware>();
        app.UseCallingBotApiAccess();
        app.UseCallingBotCallOwners();
        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") });
        // Every check with its details, for operators and monitoring: protected like the REST API.
        app.MapHealthChecks("/health", new HealthCheckOptions { ResponseWriter = HealthReportWriter.WriteAsync })
            .RequireAuthorization(ApiAuthorization.PolicyName);
        app.MapCallingBotMedia();
        app.MapCallingBotTelemetry();
        app.MapControllers();
        app.MapCallingBotApi();
        app.MapCallingBotDashboard();
        return app;
    }
}
