using CallingBot.Core.Diagnostics;
using CallingBot.AspNetCore.ApiAccess;
using CallingBot.AspNetCore.Hosting;
using Azure.Monitor.OpenTelemetry.AspNetCore;
using Microsoft.Extensions.Options;
using OpenTelemetry;
using OpenTelemetry.Exporter;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CallingBot.AspNetCore.Telemetry;

internal static class TelemetryServiceCollectionExtensions
{
    /// <summary>The meters of the bot's own instruments (all exported when metrics are on).</summary>
    public static readonly IReadOnlyList<string> MeterNames = ["CallingBot.Calls", "CallingBot.Callbacks", "CallingBot.Cluster", "CallingBot.Graph", "CallingBot.History", "CallingBot.Media", "CallingBot.Recording"];

    /// <summary>
    /// Registers OpenTelemetry as <c>CallingBot:Telemetry</c> describes it: spans of the <c>CallingBot</c> source with
    /// ASP.NET Core and HttpClient instrumentation, the bot's meters with runtime, ASP.NET Core and HttpClient metrics,
    /// and the configured exporters (OTLP, the Prometheus endpoint, Azure Monitor). With none configured, and no
    /// <see cref="TelemetryOptions.Tracing"/>, nothing is registered and nothing is recorded.
    /// </summary>
    public static IServiceCollection AddCallingBotTelemetry(this IServiceCollection services, IConfiguration configuration, HostMode mode)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(TelemetryOptions.SectionName);
        services.AddOptions<TelemetryOptions>().Bind(section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<TelemetryOptions>, TelemetryOptionsValidator>();

        var options = Read(section);
        if (new TelemetryOptionsValidator().Validate(null, options).Failed)
        {
            // Nothing is wired from invalid settings; ValidateOnStart stops the app and names them.
            services.AddSingleton(new TelemetrySetup(false, false, false));
            return services;
        }

        var otlp = options.Otlp.Endpoint is not null ? options.Otlp : null;
        var azure = string.IsNullOrWhiteSpace(options.AzureMonitor.ConnectionString) ? null : options.AzureMonitor;
        var prometheus = options.Prometheus.Enabled ?? mode != HostMode.Real;
        var tracing = options.Tracing ?? ((otlp?.Traces ?? false) || azure is not null);
        var metrics = prometheus || (otlp?.Metrics ?? false) || azure is not null;
        var setup = new TelemetrySetup(tracing, metrics, prometheus);
        services.AddSingleton(setup);
        if (!tracing && !metrics)
        {
            return services;
        }

        var builder = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(options.ServiceName, serviceVersion: typeof(TelemetryOptions).Assembly.GetName().Version?.ToString()));
        if (tracing)
        {
            builder.WithTracing(traces =>
            {
                traces.AddSource(CallingBotActivity.SourceName)
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (azure is null)
                {
                    traces.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)));
                }

                if (otlp is { Traces: true })
                {
                    traces.AddOtlpExporter(exporter => ConfigureOtlp(exporter, otlp, "v1/traces"));
                }
            });
        }

        if (metrics)
        {
            builder.WithMetrics(meters =>
            {
                foreach (var name in MeterNames)
                {
                    meters.AddMeter(name);
                }

                meters.AddRuntimeInstrumentation()
                    .AddAspNetCoreInstrumentation()
                    .AddHttpClientInstrumentation();
                if (prometheus)
                {
                    meters.AddPrometheusExporter(exporter => exporter.ScrapeResponseCacheDurationMilliseconds = 0);
                }

                if (otlp is { Metrics: true })
                {
                    meters.AddOtlpExporter((exporter, reader) =>
                    {
                        ConfigureOtlp(exporter, otlp, "v1/metrics");
                        reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)otlp.MetricsInterval.TotalMilliseconds;
                    });
                }
            });
        }

        if (azure is not null)
        {
            builder.UseAzureMonitor(monitor =>
            {
                monitor.ConnectionString = azure.ConnectionString;
                monitor.EnableLiveMetrics = azure.EnableLiveMetrics;
                monitor.SamplingRatio = (float)options.TraceSampleRatio;
            });

            // Logs stay in the Serilog pipeline, which redacts them; the distro's own log export would bypass it.
            services.AddLogging(logging => logging.AddFilter<OpenTelemetryLoggerProvider>(null, LogLevel.None));
        }

        return services;
    }

    /// <summary>Maps the Prometheus scrape endpoint <c>/metrics</c> when it is enabled, protected like the API when configured.</summary>
    public static WebApplication MapCallingBotTelemetry(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var setup = app.Services.GetRequiredService<TelemetrySetup>();
        if (setup.Prometheus)
        {
            var endpoint = app.MapPrometheusScrapingEndpoint(PrometheusEndpointOptions.Path);
            if (app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.Prometheus.RequireApiAccess)
            {
                endpoint.RequireAuthorization(ApiAuthorization.PolicyName);
            }
        }

        return app;
    }

    private static TelemetryOptions Read(IConfigurationSection section)
    {
        try
        {
            return section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        }
        catch (InvalidOperationException exception)
        {
            throw new OptionsValidationException(TelemetryOptions.SectionName, typeof(TelemetryOptions), [$"{TelemetryOptions.SectionName}: {exception.Message}"]);
        }
    }

    private static void ConfigureOtlp(OtlpExporterOptions exporter, OtlpExportOptions otlp, string signalPath)
    {
        var endpoint = otlp.Endpoint!;
        if (otlp.Protocol == OtlpProtocol.HttpProtobuf)
        {
            exporter.Protocol = OtlpExportProtocol.HttpProtobuf;
            exporter.Endpoint = new Uri(endpoint.AbsoluteUri.TrimEnd('/') + "/" + signalPath);
        }
        else
        {
            exporter.Protocol = OtlpExportProtocol.Grpc;
            exporter.Endpoint = endpoint;
        }

        if (!string.IsNullOrWhiteSpace(otlp.Headers))
        {
            exporter.Headers = otlp.Headers;
        }
    }
}
