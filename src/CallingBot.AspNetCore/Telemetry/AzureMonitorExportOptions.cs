namespace CallingBot.AspNetCore.Telemetry;

/// <summary>Export to Azure Monitor / Application Insights (section <c>CallingBot:Telemetry:AzureMonitor</c>).</summary>
internal sealed class AzureMonitorExportOptions
{
    /// <summary>
    /// The Application Insights connection string (<c>InstrumentationKey=...;IngestionEndpoint=...</c>). A secret: never
    /// logged. Default none: nothing is sent to Azure Monitor.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Live Metrics (a continuous stream while someone watches the portal). Default false.</summary>
    public bool EnableLiveMetrics { get; set; }
}
