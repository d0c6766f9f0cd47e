namespace CallingBot.AspNetCore.Telemetry;

/// <summary>Export to an OpenTelemetry collector (section <c>CallingBot:Telemetry:Otlp</c>).</summary>
internal sealed class OtlpExportOptions
{
    /// <summary>
    /// The collector's address, for example <c>http://otel-collector:4317</c> (gRPC) or <c>http://otel-collector:4318</c>
    /// (HTTP). Default none: nothing is exported over OTLP.
    /// </summary>
    public Uri? Endpoint { get; set; }

    /// <summary><c>Grpc</c> (default) or <c>HttpProtobuf</c> (the signal paths <c>/v1/traces</c>, <c>/v1/metrics</c> are added).</summary>
    public OtlpProtocol Protocol { get; set; } = OtlpProtocol.Grpc;

    /// <summary>
    /// Headers sent with every export, as <c>name=value</c> pairs separated by commas (for example an API key of a
    /// hosted backend). A secret: never logged. Default none.
    /// </summary>
    public string? Headers { get; set; }

    /// <summary>Export spans. Default true.</summary>
    public bool Traces { get; set; } = true;

    /// <summary>Export metrics. Default true.</summary>
    public bool Metrics { get; set; } = true;

    /// <summary>How often metrics are pushed. Default 60 s.</summary>
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromSeconds(60);
}
