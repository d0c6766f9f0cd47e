using System.Globalization;
using Serilog;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;
using Serilog.Formatting.Compact;

namespace CallingBot.AspNetCore.Logging;

/// <summary>
/// Wires Serilog as the only logging provider: readable console text or compact JSON (CLEF, one object per line:
/// <c>@t</c>, <c>@m</c>, <c>@l</c> unless Information, <c>@x</c>, then the properties), optional file, call-id scopes. Every
/// event passes through <see cref="RedactingSink"/> (control characters escaped, secrets masked) before any sink.
/// </summary>
internal static class SerilogSetup
{
    private const string TextTemplate = "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}{CallIdTag}{TraceTag}: {Message:lj}{NewLine}{Exception}";

    /// <summary>Keys of a <c>Serilog</c> section that configure sinks; the others configure the pipeline in front of them.</summary>
    private static readonly string[] SinkKeys = ["WriteTo", "AuditTo"];

    /// <summary>Keys read by both halves.</summary>
    private static readonly string[] SharedKeys = ["Using", "LevelSwitches"];

    /// <summary>Makes <paramref name="logger"/> the only logging provider; it is disposed with the provider when <paramref name="dispose"/>.</summary>
    public static ILoggingBuilder AddCallingBotSerilog(this ILoggingBuilder logging, Serilog.ILogger logger, bool dispose)
    {
        ArgumentNullException.ThrowIfNull(logging);
        logging.ClearProviders();
        logging.AddSerilog(logger, dispose);
        return logging;
    }

    /// <summary>
    /// Builds the Serilog logger described by the configuration. One per process: sinks such as files must not be
    /// opened twice. <paramref name="console"/> replaces standard output for the console log.
    /// </summary>
    public static Serilog.Core.Logger CreateLogger(IConfiguration configuration, TextWriter? console = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(LoggingOptions.SectionName).Get<LoggingOptions>() ?? new LoggingOptions();
        var pipeline = new LoggerConfiguration()
            .MinimumLevel.Is(options.MinimumLevel)
            .MinimumLevel.Override("Microsoft.AspNetCore", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Extensions.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("System.Net.Http", LogEventLevel.Warning)
            .MinimumLevel.Override("CallingBot.Graph.Sdk", LogEventLevel.Warning)
            // Polly's telemetry writes two Information lines for every Graph request and grain placement that succeeds
            // at once; a retried or failed attempt is a Warning or an Error and stays.
            .MinimumLevel.Override("Polly", LogEventLevel.Warning)
            // The silo's own start-up and configuration dump is noise to an operator; its warnings are not. Its watchdog
            // warns once at every start about a check "not completed" for as long as the machine has been up.
            .MinimumLevel.Override("Orleans", LogEventLevel.Warning)
            .MinimumLevel.Override("Orleans.Runtime.Watchdog", LogEventLevel.Error)
            // The health-check service logs an Error for every probe of an unhealthy check; each of our checks logs its
            // own transitions once instead (ReadinessHealthCheck, event 3210).
            .MinimumLevel.Override("Microsoft.Extensions.Diagnostics.HealthChecks", LogEventLevel.Fatal)
            // A start that fails for a reason the entry point explains in one line (a port in use, a certificate) is not
            // also logged with its stack trace.
            .Filter.ByExcluding(IsExplainedStartFailure)
            .Enrich.FromLogContext()
            .Enrich.With<CallIdTagEnricher>()
            .Enrich.With<TraceTagEnricher>();
        var sinks = new LoggerConfiguration().MinimumLevel.Verbose();
        TextWriterSink? standardOutput = null;
        if (configuration.GetSection("Serilog").Exists())
        {
            // Levels, filters, enrichers and destructuring run in front of the redaction; the sinks behind it.
            pipeline.ReadFrom.Configuration(SerilogSubset(configuration, sinkKeys: false));
            sinks.ReadFrom.Configuration(SerilogSubset(configuration, sinkKeys: true));
        }
        else
        {
            ITextFormatter consoleFormat = options.Format == LogFormat.Json
                ? new RenderedCompactJsonFormatter()
                : new MessageTemplateTextFormatter(TextTemplate, CultureInfo.InvariantCulture);
            if (console is not null)
            {
                sinks.WriteTo.Sink(new TextWriterSink(consoleFormat, console));
            }
            else if (Console.IsOutputRedirected && options.Format == LogFormat.Json)
            {
                // A service's JSON lines on standard output (a pipe, the journal, a container's log): written through a
                // buffer that the background writer flushes once per batch of events, not once per line. (Text keeps the
                // console sink's rendering, which differs from the core text formatter's in how values are quoted.)
                standardOutput = new TextWriterSink(consoleFormat, StandardOutputWriter(), flushEachEvent: false);
                sinks.WriteTo.Sink(standardOutput);
            }
            else if (options.Format == LogFormat.Json)
            {
                sinks.WriteTo.Console(consoleFormat);
            }
            else
            {
                sinks.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: CultureInfo.InvariantCulture);
            }

            if (!string.IsNullOrWhiteSpace(options.FilePath))
            {
                sinks.WriteTo.File(new RenderedCompactJsonFormatter(), options.FilePath, rollingInterval: RollingInterval.Day, retainedFileCountLimit: 14);
            }
        }

        var redacting = new RedactingSink(sinks.CreateLogger());
        if (console is not null)
        {
            // An embedding host's or a test's writer gets every line before the logging call returns.
            return pipeline.WriteTo.Sink(redacting).CreateLogger();
        }

        // The redaction, the formatting and the writing run on a background writer: a request or a call that logs
        // only queues its events (in order; none is dropped, and disposing the logger writes out the queue).
        return pipeline.WriteTo.Sink(new BackgroundSink(redacting, standardOutput is null ? null : standardOutput.Flush)).CreateLogger();
    }

    private static StreamWriter StandardOutputWriter() =>
        new(Console.OpenStandardOutput(), new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };

    private static bool IsExplainedStartFailure(LogEvent logEvent) =>
        logEvent.Exception is { } exception
        && logEvent.Properties.TryGetValue("SourceContext", out var source)
        && source is ScalarValue { Value: "Microsoft.Extensions.Hosting.Internal.Host" }
        && Hosting.StartFailure.Describe(exception) is not null;

    /// <summary>The <c>Serilog</c> section with only its sink keys, or only the others (plus the keys both need).</summary>
    private static IConfiguration SerilogSubset(IConfiguration configuration, bool sinkKeys)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetSection("Serilog").GetChildren())
        {
            var isSinkKey = SinkKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase);
            if (isSinkKey == sinkKeys || SharedKeys.Contains(child.Key, StringComparer.OrdinalIgnoreCase))
            {
                foreach (var (key, value) in child.AsEnumerable())
                {
                    values[key] = value;
                }
            }
        }

        return new ConfigurationBuilder().AddInMemoryCollection(values).Build();
    }
}
