using Serilog;
using Serilog.AspNetCore;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Serilog.Events;
using Serilog.Extensions.Hosting;

namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// One log line per request, written by Serilog.AspNetCore's request logging through the bot's Serilog pipeline (so
/// the redaction and the enrichers apply): method, path without the query string (query values can hold secrets, and
/// control characters in the path are escaped), status, elapsed time and, for a call's API route, the call id. Health
/// probes log at Debug; 5xx responses and requests that threw at Error; everything else at Information.
/// </summary>
internal static class RequestLogging
{
    public const string MessageTemplate = "HTTP {RequestMethod} {RequestPath} responded {StatusCode} in {Elapsed:0.0} ms";

    /// <summary>The bot's Serilog logger, for the request logging middleware (which does not log through Microsoft.Extensions.Logging).</summary>
    internal sealed record BotLogger(Serilog.ILogger Logger);

    public static IServiceCollection AddCallingBotRequestLogging(this IServiceCollection services, Serilog.ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(logger);
        services.TryAddSingleton(new BotLogger(logger));
        services.TryAddSingleton(new DiagnosticContext(logger));
        services.TryAddSingleton<IDiagnosticContext>(sp => sp.GetRequiredService<DiagnosticContext>());
        return services;
    }

    public static IApplicationBuilder UseCallingBotRequestLogging(this IApplicationBuilder app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.ApplicationServices.GetRequiredService<BotLogger>().Logger;
        return app.UseSerilogRequestLogging(options => Configure(options, logger));
    }

    internal static void Configure(RequestLoggingOptions options, Serilog.ILogger logger)
    {
        options.Logger = logger;
        options.MessageTemplate = MessageTemplate;
        options.IncludeQueryInRequestPath = false;
        options.GetLevel = Level;
        options.EnrichDiagnosticContext = Enrich;
    }

    internal static LogEventLevel Level(HttpContext context, double elapsedMilliseconds, Exception? exception) =>
        exception is not null || context.Response.StatusCode >= StatusCodes.Status500InternalServerError
            ? LogEventLevel.Error
            : context.Request.Path.StartsWithSegments("/health", StringComparison.Ordinal)
                ? LogEventLevel.Debug
                : LogEventLevel.Information;

    private static void Enrich(IDiagnosticContext diagnostics, HttpContext context)
    {
        if (context.Request.RouteValues.TryGetValue("callId", out var callId) && callId is string id && id.Length > 0)
        {
            diagnostics.Set("CallId", id);
        }
    }
}
