using CallingBot.AspNetCore.Acs;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.AspNetCore.Cluster;
using CallingBot.AspNetCore.Health;
using CallingBot.AspNetCore.Hosting;
using CallingBot.AspNetCore.Logging;
using CallingBot.AspNetCore.Media;
using CallingBot.AspNetCore.Recording;
using CallingBot.AspNetCore.Telemetry;
using CallingBot.AspNetCore.Api;
using CallingBot.AspNetCore.Dashboard;
using CallingBot.Dashboard;
using CallingBot.Graph.Configuration;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
#if CALLINGBOT_EMULATOR
using CallingBot.AspNetCore.LocalMode;
#endif

namespace CallingBot.AspNetCore;

/// <summary>
/// Hosts a calling bot in an ASP.NET Core application:
/// <code>
/// var builder = CallingBotStart.CreateBuilder(args);
/// builder.AddCallingBot(bot => bot.UseRouter&lt;MyRouter&gt;());
/// var app = builder.Build();
/// app.MapCallingBot();
/// await app.RunAsync();
/// </code>
/// </summary>
public static class CallingBotHostingExtensions
{
    /// <summary>
    /// Adds the bot: Serilog logging, systemd and Windows service integration, the mode (local with the built-in
    /// emulator while <c>CallingBot:Graph:AppId</c> is empty, real otherwise, or <c>CallingBot:Mode</c>), the call
    /// manager and Graph adapter, the callback endpoint's defences, the REST API and its protection, health, telemetry,
    /// the dashboard and the cluster silo, and compliance recording when <c>CallingBot:Recording:Enabled</c> is true
    /// (recording invitations answered by the recorder, every other call by the router <paramref name="configure"/>
    /// picks; docs/recording.md). Reads <c>CallingBot</c> settings from <see cref="WebApplicationBuilder.Configuration"/>:
    /// add configuration sources before calling it. Without a router, every call is answered by a handler that stays on
    /// the call quietly and logs what happens.
    /// </summary>
    /// <param name="builder">The application's builder.</param>
    /// <param name="configure">Picks the router or handler (<see cref="CallingBotBuilder.UseRouter{TRouter}"/>, <see cref="CallingBotBuilder.UseHandler{THandler}"/>).</param>
    /// <exception cref="CallingBotStartException">Local mode is needed but this build leaves the emulator out.</exception>
    public static CallingBotBuilder AddCallingBot(this WebApplicationBuilder builder, Action<CallingBotBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Services.Any(d => d.ServiceType == typeof(ActiveHostMode)))
        {
            throw new InvalidOperationException("AddCallingBot was already called on this builder; configure the bot in its one call (or on the CallingBotBuilder it returned).");
        }

        var hostOptions = builder.Configuration.GetSection(CallingBotHostOptions.SectionName).Get<CallingBotHostOptions>() ?? new CallingBotHostOptions();
        var mode = CallingBotApplication.ResolveMode(hostOptions.Mode, builder.Configuration);
#if !CALLINGBOT_EMULATOR
        if (mode == HostMode.Local)
        {
            throw new CallingBotStartException(LocalModeLeftOut);
        }
#endif

        // Under systemd (Type=notify) or the Windows service manager: report start and stop to it; elsewhere these do nothing.
        builder.Host.UseSystemd();
        builder.Host.UseWindowsService();
        var serilog = SerilogSetup.CreateLogger(builder.Configuration, builder.GetConsoleLogWriter());
        builder.Logging.AddCallingBotSerilog(serilog, dispose: true);
        builder.Services.AddCallingBotRequestLogging(serilog);
#if CALLINGBOT_EMULATOR
        if (mode == HostMode.Local)
        {
            builder.AddCallingBotLocalMode(serilog);
        }
#endif
        if (mode == HostMode.Real)
        {
            builder.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<GraphCallingOptions>, RealModeOptionsValidator>());
        }

        builder.Services.AddCallingBotHost(builder.Configuration, mode);
        builder.AddCallingBotAcs(mode);
        builder.AddCallingBotClusterHosting();
        var bot = new CallingBotBuilder(builder.Services, builder.Configuration, mode);
        configure?.Invoke(bot);
        bot.RecordsCompliance = builder.Services.AddCallingBotRecording(builder.Configuration);
        return bot;
    }

    /// <summary>
    /// Adds the bot's middleware and endpoints: problem details for errors, request logging, the API's protection, the
    /// hand-over of requests for calls another instance holds, health (<c>/health/live</c>, <c>/health/ready</c>,
    /// <c>/health</c>), the media WebSocket, metrics, the callback endpoint (<c>/api/calling</c>), the REST API and its
    /// page, and the dashboard. Call it once, before mapping endpoints of your own.
    /// </summary>
    public static WebApplication MapCallingBot(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Services.GetService<ActiveHostMode>() is null)
        {
            throw new InvalidOperationException("MapCallingBot needs the bot's services: call builder.AddCallingBot() before builder.Build().");
        }

        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCallingBotRequestLogging();
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
        app.MapCallingBotAcs();
        app.MapCallingBotApi();
        app.MapCallingBotDashboard();
        return app;
    }

#if !CALLINGBOT_EMULATOR
    internal const string LocalModeLeftOut =
        "Local mode needs the Graph calling emulator, which this build leaves out (-p:CallingBotEmulator=false): configure CallingBot:Graph:AppId, "
        + "with TenantId, a ClientSecret or certificate and CallbackUrl, for real mode against Microsoft Graph (docs/deployment.md).";
#endif
}
