using Serilog;
using Serilog.Events;
using Serilog.Formatting.Json;

namespace CallingBot.Host.Logging;

/// <summary>Wires Serilog as the only logging provider: readable console text or JSON, optional file, call-id scopes.</summary>
public static class SerilogSetup
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}{CallIdTag}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Makes <paramref name="logger"/> the only logging provider; it is disposed with the provider when <paramref name="dispose"/>.</summary>
    public static ILoggingBuilder AddCallingBotSerilog(this ILoggingBuilder logging, Serilog.ILogger logger, bool dispose)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddSerilog(logger, dispose);
        return logging;
    }

    /// <summary>Builds the Serilog logger described by the configuration. One per process: sinks such as files must not be opened twice.</summary>
    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>() ?? new LoggingOptions();
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(options.MinimumLevel)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Extensions.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("CallingBot.Graph.Sdk", LogEventLevel.Warning)
            .Enrich.FromLogContext()
            .Enrich.With<CallIdTagEnricher>()
            .Enrich.With<SecretMaskingEnricher>();
        if (configuration.GetSection("Serilog").Exists())
        {
            logger.ReadFrom.Configuration(configuration);
        }
        else
        {
            if (options.Format == LogFormat.Json)
            {
                logger.WriteTo.Console(new JsonFormatter(renderMessage: true));
            }
            else
            {
                logger.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
            }

            if (!string.IsNullOrWhiteSpace(options.FilePath))
            {
                logger.WriteTo.File(new JsonFormatter(renderMessage: true), options.FilePath, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14);
            }
        }

        return logger.CreateLogger();
    }
}
