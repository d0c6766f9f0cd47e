namespace CallingBot.AspNetCore.Telemetry;

/// <summary>
/// OpenTelemetry export (configuration section <c>CallingBot:Telemetry</c>). Nothing leaves the process unless an
/// exporter is configured; the app starts whether or not a collector is reachable.
/// </summary>
internal sealed class TelemetryOptions
{
    public const string SectionName = "CallingBot:Telemetry";

    /// <summary>The <c>service.name</c> resource attribute of every span and metric. Default <c>callingbot</c>.</summary>
    public string ServiceName { get; set; } = "callingbot";

    /// <summary>
    /// Records spans (the <c>CallingBot</c> source, ASP.NET Core, HttpClient). Default (empty): on when an exporter
    /// that takes traces is configured (OTLP or Azure Monitor), off otherwise.
    /// </summary>
    public bool? Tracing { get; set; }

    /// <summary>Fraction of new traces kept (parent-based: a kept parent keeps its children). Default 1.</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    public OtlpExportOptions Otlp { get; set; } = new();

    public PrometheusEndpointOptions Prometheus { get; set; } = new();

    public AzureMonitorExportOptions AzureMonitor { get; set; } = new();
}
